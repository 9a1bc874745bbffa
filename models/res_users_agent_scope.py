from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    cs_scope_stamp = fields.Integer(
        string="Agent Scope Stamp",
        readonly=True,
        copy=False,
        help="Changes whenever a scope of this agent changes: the ticket form finds "
        "the agent's scope in a cache keyed on it.",
    )
