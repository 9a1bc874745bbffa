from odoo import fields, models


class HelpdeskTicketChannelPost(models.Model):
    _inherit = "helpdesk.ticket.channel"

    # Ley 10/2025 lets customers write by post: letters come in through document
    # intake and are answered with a printed letter.
    cs_kind = fields.Selection(
        selection_add=[("post", "Post")], ondelete={"post": "set default"}
    )
