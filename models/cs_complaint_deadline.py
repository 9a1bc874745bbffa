from odoo import api, fields, models
from odoo.exceptions import ValidationError

# A suggestion has no legal clock: it is not among the kinds a term can be set for.
TERM_KINDS = [
    ("query", "Query"),
    ("incident", "Incident"),
    ("complaint", "Service complaint"),
    ("claim", "Claim"),
]


class CsComplaintDeadline(models.Model):
    _name = "cs.complaint.deadline"
    _description = "Complaint Response Term"
    _order = "company_id, kind, state_id"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state_id = fields.Many2one(
        "res.country.state",
        string="Region",
        help="Leave empty for the company default. A regional term applies to "
        "customers of that region.",
    )
    kind = fields.Selection(
        TERM_KINDS,
        string="Request Type",
        required=True,
        default="complaint",
        help="Complaints and claims without a term get 15 business days; queries "
        "and incidents have a deadline only when a term is set for them.",
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
        "UNIQUE NULLS NOT DISTINCT (company_id, state_id, kind)",
        "There is already a response term for this company, region and request type.",
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

    @api.depends("company_id", "state_id", "kind", "days", "day_type")
    def _compute_display_name(self):
        types = dict(self._fields["day_type"]._description_selection(self.env))
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for term in self:
            region = f" / {term.state_id.name}" if term.state_id else ""
            term.display_name = (
                f"{term.company_id.name}{region} ({kinds.get(term.kind, '')}): "
                f"{term.days} {types.get(term.day_type, '')}"
            )
