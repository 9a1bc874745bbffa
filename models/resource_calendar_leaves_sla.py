from odoo import api, models


class ResourceCalendarLeavesSla(models.Model):
    """Time off changes the SLA's cached weeks of working time."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        self.env.registry.clear_cache()
        return leaves

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
