from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CsComplaintDeadline(models.Model):
    _name = "cs.complaint.deadline"
    _description = "Complaint Response Term"
    _order = "company_id, state_id"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state_id = fields.Many2one(
        "res.country.state",
        string="Region",
        help="Leave empty for the company default. A regional term applies to "
        "customers of that region.",
    )
    days = fields.Integer(required=True, default=15)
    day_type = fields.Selection(
        [("business", "Business days"), ("calendar", "Calendar days")],
        required=True,
        default="business",
    )
    alert_days = fields.Integer(
        string="Alert Before (days)",
        default=3,
        help="Warn the person in charge this many days before the deadline.",
    )

    _unique_region = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (company_id, state_id)",
        "There is already a complaint term for this company and region.",
    )

    @api.constrains("days", "alert_days")
    def _check_days(self):
        for term in self:
            if term.days <= 0 or term.alert_days < 0:
                raise ValidationError(
                    self.env._(
                        "The complaint term must be a positive number of days and "
                        "the alert cannot be negative (got %(days)s and %(alert)s).",
                        days=term.days,
                        alert=term.alert_days,
                    )
                )

    @api.depends("company_id", "state_id", "days", "day_type")
    def _compute_display_name(self):
        types = dict(self._fields["day_type"]._description_selection(self.env))
        for term in self:
            region = f" / {term.state_id.name}" if term.state_id else ""
            term.display_name = (
                f"{term.company_id.name}{region}: {term.days} "
                f"{types.get(term.day_type, '')}"
            )
