from odoo import api, fields, models
from odoo.exceptions import UserError


class CsGreetingWizard(models.TransientModel):
    _name = "cs.greeting.wizard"
    _description = "Greet the Customer in Writing"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    channel_id = fields.Many2one(related="ticket_id.channel_id")
    channel_max_length = fields.Integer(related="channel_id.cs_max_length")
    channel_length_unit = fields.Selection(related="channel_id.cs_length_unit")
    greeting = fields.Text(
        compute="_compute_greeting",
        store=True,
        readonly=False,
        precompute=True,
        help="Rendered from the channel's protocol; adapt it if needed.",
    )

    @api.depends("ticket_id")
    def _compute_greeting(self):
        texts = self.ticket_id._cs_scripts("greeting")
        for wizard in self:
            wizard.greeting = texts.get(wizard.ticket_id.id, "")

    def action_confirm(self):
        self.ensure_one()
        text = (self.greeting or "").strip()
        if not text:
            raise UserError(
                self.env._("Write the greeting for the customer before sending it.")
            )
        self.ticket_id._cs_send_greeting(text)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("The greeting was sent to the customer."),
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
