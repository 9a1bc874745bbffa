from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsComplaintType(models.Model):
    _name = "cs.complaint.type"
    _description = "Complaint Typology"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        "cs.complaint.type", string="Parent Type", index=True, ondelete="restrict"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("cs.complaint.type", "parent_id", string="Subtypes")
    company_id = fields.Many2one("res.company")
    active = fields.Boolean(default=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for complaint_type in self:
            if complaint_type.parent_id:
                complaint_type.complete_name = (
                    f"{complaint_type.parent_id.complete_name} / {complaint_type.name}"
                )
            else:
                complaint_type.complete_name = complaint_type.name

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("A complaint type cannot be its own ancestor.")
            )
