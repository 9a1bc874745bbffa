from odoo import fields, models

from .cs_escalation_rule import LEVELS


class CsEscalationHistory(models.Model):
    _name = "cs.escalation.history"
    _description = "Escalation History"
    _order = "date desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    kind = fields.Selection(
        [
            ("rule", "Rule"),
            ("manual", "Manual"),
            ("scope", "Out of scope"),
            ("deescalation", "De-escalation"),
        ],
        required=True,
        readonly=True,
    )
    level_from = fields.Selection(LEVELS, string="From Level", readonly=True)
    level = fields.Selection(LEVELS, required=True, readonly=True)
    rule_id = fields.Many2one("cs.escalation.rule", readonly=True, ondelete="set null")
    user_id = fields.Many2one(
        "res.users", string="By", readonly=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(readonly=True, default=fields.Datetime.now, required=True)
    reason = fields.Text(readonly=True)
