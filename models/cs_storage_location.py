from odoo import api, fields, models


class CsStorageLocation(models.Model):
    _name = "cs.storage.location"
    _description = "Document Storage Location"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [
            ("filestore", "Odoo filestore"),
            ("external", "External location"),
            ("physical", "Physical archive"),
        ],
        required=True,
        default="filestore",
        help="Where the originals are kept. External locations are recorded, not "
        "synchronised; physical archives hold the paper originals.",
    )
    path = fields.Char(
        string="Path or URL",
        help="Network path or cloud URL of an external location.",
    )
    box_reference = fields.Char(
        string="Box or Shelf", help="Box or shelf of the paper originals."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.depends("name", "kind", "path", "box_reference")
    def _compute_display_name(self):
        for location in self:
            detail = location.path if location.kind == "external" else False
            if location.kind == "physical":
                detail = location.box_reference
            location.display_name = (
                f"{location.name} ({detail})" if detail else location.name
            )
