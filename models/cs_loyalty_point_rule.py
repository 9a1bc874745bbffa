from odoo import fields, models

POINT_EVENTS = [
    ("survey", "Survey Answered"),
    ("referral", "Referral"),
    ("tenure_year", "Year of Tenure"),
    ("enrolment", "Enrolment"),
]


class CsLoyaltyPointRule(models.Model):
    _name = "cs.loyalty.point.rule"
    _description = "Loyalty Service Points Rule"
    _order = "program_id, event"

    program_id = fields.Many2one(
        "loyalty.program", string="Programme", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, string="Company"
    )
    event = fields.Selection(POINT_EVENTS, required=True)
    points = fields.Float(required=True)
    active = fields.Boolean(default=True)

    _event_unique = models.Constraint(
        "UNIQUE(program_id, event)",
        "A programme can reward each event only once: edit the existing rule.",
    )
    _points_positive = models.Constraint(
        "CHECK(points > 0)", "Service points must be above zero."
    )
