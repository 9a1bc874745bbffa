from odoo import models


class ResUsers(models.Model):
    """A user's teams are read by the ticket and intake rules, which Odoo caches
    per user (see helpdesk_ticket_team_access.py)."""

    _inherit = "res.users"

    def _get_invalidation_fields(self):
        return super()._get_invalidation_fields() | {"helpdesk_team_ids"}
