from odoo import api, models


class HelpdeskTicketTeam(models.Model):
    """Team membership is read by the ticket and intake rules.

    The rules evaluate ``user.helpdesk_team_ids`` (active teams only) and Odoo
    caches the result per user until its caches are cleared: without this, an agent
    taken out of a team kept seeing its tickets. Odoo clears them the same way when
    rules or a user's groups change; membership changes as rarely.
    """

    _inherit = "helpdesk.ticket.team"

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        if any(vals.get("user_ids") for vals in vals_list):
            self.env.registry.clear_cache()
        return teams

    def write(self, vals):
        result = super().write(vals)
        if "user_ids" in vals or "active" in vals:
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
