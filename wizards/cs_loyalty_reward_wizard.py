from odoo import api, fields, models


class CsLoyaltyRewardWizard(models.TransientModel):
    _name = "cs.loyalty.reward.wizard"
    _description = "Grant a Loyalty Reward"

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    card_id = fields.Many2one(
        "loyalty.card", string="Membership Card", required=True, readonly=True
    )
    partner_id = fields.Many2one(related="card_id.partner_id", string="Member")
    program_id = fields.Many2one(related="card_id.program_id", string="Programme")
    card_points = fields.Float(related="card_id.points", string="Points")
    points_display = fields.Char(related="card_id.points_display", string="Balance")
    rewards_html = fields.Html(related="card_id.cs_rewards_html", string="Rewards")
    reward_id = fields.Many2one(
        "loyalty.reward",
        required=True,
        domain="[('program_id', '=', program_id), "
        "('required_points', '<=', card_points)]",
    )
    channel = fields.Selection(
        [("email", "E-mail"), ("sms", "SMS")],
        string="Send By",
        required=True,
        compute="_compute_channel",
        store=True,
        readonly=False,
        help="SMS when the ticket came by SMS; otherwise e-mail if the customer has "
        "an address.",
    )

    @api.depends("ticket_id", "card_id")
    def _compute_channel(self):
        for wizard in self:
            if wizard.ticket_id.channel_id.cs_kind == "sms":
                wizard.channel = "sms"
            else:
                wizard.channel = "email" if wizard.partner_id.email else "sms"

    def action_grant(self):
        self.ensure_one()
        self.card_id._cs_grant_reward(
            self.reward_id, channel=self.channel, ticket=self.ticket_id
        )
        return {"type": "ir.actions.act_window_close"}
