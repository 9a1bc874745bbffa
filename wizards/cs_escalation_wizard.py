from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.cs_escalation_rule import LEVELS


class CsEscalationWizard(models.TransientModel):
    _name = "cs.escalation.wizard"
    _description = "Escalate or De-escalate a Ticket"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    mode = fields.Selection(
        [("escalate", "Escalate"), ("deescalate", "De-escalate")],
        required=True,
        default="escalate",
    )
    # Shown as L1-L3 like the new level, not as the ticket's stored integer.
    current_level = fields.Selection(LEVELS, compute="_compute_current_level")
    level = fields.Selection(
        LEVELS,
        string="New Level",
        compute="_compute_level",
        store=True,
        readonly=False,
        precompute=True,
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Pass to Team",
        help="Leave empty to keep the ticket's team.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Pass to",
        help="Leave empty to hand the ticket to the team's supervisor.",
    )
    reason = fields.Text(required=True)

    @api.depends("ticket_id.cs_escalation_level")
    def _compute_current_level(self):
        for wizard in self:
            wizard.current_level = str(wizard.ticket_id.cs_escalation_level or 1)

    @api.depends("ticket_id", "mode")
    def _compute_level(self):
        for wizard in self:
            if wizard.mode == "deescalate":
                wizard.level = "1"
            else:
                wizard.level = str(
                    min((wizard.ticket_id.cs_escalation_level or 1) + 1, 3)
                )

    def action_confirm(self):
        self.ensure_one()
        ticket = self.ticket_id
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(
                self.env._("Give the reason for the change of level; it is recorded.")
            )
        level = int(self.level or 1)
        if self.mode == "deescalate":
            if not ticket._cs_is_supervisor():
                raise UserError(
                    self.env._("Only a supervisor may return a ticket to L1.")
                )
            if ticket.cs_escalation_level <= 1:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is already at L1.",
                        ticket=ticket.display_name,
                    )
                )
            ticket._cs_escalate(1, "deescalation", reason)
            return {"type": "ir.actions.act_window_close"}
        if level <= ticket.cs_escalation_level:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is already at L%(level)s; choose a higher "
                    "level.",
                    ticket=ticket.display_name,
                    level=ticket.cs_escalation_level,
                )
            )
        team = self.team_id or ticket.team_id
        ticket._cs_escalate(
            level,
            "manual",
            reason,
            team=self.team_id or None,
            user=self.user_id or team.user_id,
        )
        return {"type": "ir.actions.act_window_close"}
