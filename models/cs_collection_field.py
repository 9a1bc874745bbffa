from odoo import api, fields, models

COLLECTED_FIELDS = [
    ("name", "Name"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("vat", "ID Document (NIF/NIE/CIF)"),
    ("street", "Street"),
    ("zip", "ZIP"),
    ("city", "City"),
    ("country_id", "Country"),
]


class CsCollectionField(models.Model):
    """One line of a channel's data-collection procedure (CR1.2)."""

    _name = "cs.collection.field"
    _description = "Contact Data to Collect on a Channel"
    _order = "channel_id, sequence, id"

    channel_id = fields.Many2one(
        "helpdesk.ticket.channel", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    field_name = fields.Selection(
        COLLECTED_FIELDS, string="Contact Data", required=True
    )
    requirement = fields.Selection(
        [
            ("required", "Required"),
            ("optional", "Optional"),
            ("not_asked", "Not to Be Asked"),
        ],
        required=True,
        default="required",
    )

    _field_channel_uniq = models.Constraint(
        "unique(channel_id, field_name)",
        "Each contact field appears once in a channel's procedure.",
    )

    # The channels' checklists are cached under their procedure's stamp (see
    # helpdesk.ticket.channel._cs_collection_lines).
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.channel_id._cs_collection_stamp()
        return lines

    def write(self, vals):
        channels = self.channel_id
        result = super().write(vals)
        (channels | self.channel_id)._cs_collection_stamp()
        return result

    def unlink(self):
        channels = self.channel_id
        result = super().unlink()
        channels.exists()._cs_collection_stamp()
        return result
