from odoo import models

from . import cs_form_read_stamp  # noqa: F401 (the mixin comes first)


class HelpdeskTicketCategoryScope(models.Model):
    """Editing, archiving or deleting a category gives the agent scopes that list
    it a new stamp (an archived category drops out of their allowed set)."""

    _name = "helpdesk.ticket.category"
    _inherit = ["helpdesk.ticket.category", "cs.agent.scope.stamp.mixin"]
    _cs_scope_field = "category_ids"
