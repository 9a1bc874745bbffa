from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    cs_scope_stamp = fields.Integer(
        string="Agent Scope Stamp",
        readonly=True,
        copy=False,
        help="Changes whenever a scope of this team changes: the ticket form finds "
        "the team's scope in a cache keyed on it.",
    )
