from odoo import api, models


class ResourceCalendarAttendanceSla(models.Model):
    """Opening hours edited on their own change the SLA's cached weeks of working
    time (edited through the calendar, its write_date changes too)."""

    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env.registry.clear_cache()
        return attendances

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
