from odoo import api, fields, models


class HelpdeskTicketLoyaltyReward(models.Model):
    _inherit = "helpdesk.ticket"

    cs_loyalty_rewards_html = fields.Html(
        string="Loyalty Rewards", compute="_compute_cs_loyalty_rewards", sanitize=False
    )
    cs_loyalty_reward_available = fields.Boolean(
        string="Loyalty Reward Within Reach", compute="_compute_cs_loyalty_rewards"
    )

    @api.depends("cs_loyalty_card_id")
    @api.depends_context("lang")
    def _compute_cs_loyalty_rewards(self):
        for ticket in self:
            # The ticket's card, found with its other loyalty fields in one query.
            card = ticket.cs_loyalty_card_id
            ticket.cs_loyalty_rewards_html = card.cs_rewards_html
            ticket.cs_loyalty_reward_available = card.cs_reward_available

    def action_cs_grant_reward(self):
        """Open the wizard that grants the customer a reward of their card."""
        card = self._cs_membership_card()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Grant a reward"),
            "res_model": "cs.loyalty.reward.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_ticket_id": self.id, "default_card_id": card.id},
        }
