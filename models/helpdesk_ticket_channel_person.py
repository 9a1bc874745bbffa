from odoo import api, models


class HelpdeskTicketChannelPerson(models.Model):
    _inherit = "helpdesk.ticket.channel"

    @api.constrains("cs_synchronous", "cs_kind")
    def _check_cs_protocols_name_agent(self):
        # A channel made synchronous takes on the duty of its protocols' greetings.
        self.cs_protocol_ids._check_greeting_names_agent()
