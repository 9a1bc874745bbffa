from odoo import fields, models


class CsLoyaltyTier(models.Model):
    _name = "cs.loyalty.tier"
    _description = "Loyalty Tier"
    _order = "program_id, min_points, id"

    name = fields.Char(required=True, translate=True)
    program_id = fields.Many2one(
        "loyalty.program", string="Programme", required=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, string="Company"
    )
    min_points = fields.Float(string="From Points", required=True)
    color = fields.Integer()
    ticket_priority = fields.Selection(
        [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")],
        string="Minimum Ticket Priority",
        help="Tickets of members in this tier get at least this priority.",
    )
    sla_factor = fields.Float(
        string="SLA Factor",
        default=1.0,
        help="Multiplies the SLA target of their tickets: 0.5 halves it.",
    )

    _min_points_positive = models.Constraint(
        "CHECK(min_points >= 0)", "The points of a tier cannot be negative."
    )
    _sla_factor_positive = models.Constraint(
        "CHECK(sla_factor > 0)", "The SLA factor of a tier must be above zero."
    )
    _name_program_unique = models.Constraint(
        "UNIQUE(program_id, min_points)",
        "Two tiers of a programme cannot start at the same points.",
    )
