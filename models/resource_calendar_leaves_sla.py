from odoo import models

from . import resource_calendar_sla_stamp  # noqa: F401 (the mixin comes first)


class ResourceCalendarLeavesSla(models.Model):
    """Time off changes the SLA's cached weeks of working time."""

    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "cs.sla.calendar.stamp.mixin"]

    def _cs_sla_calendars(self):
        # Personal time off (with a resource) never enters a calendar's working
        # time as the SLA reads it; time off without a calendar closes them all.
        public = self.filtered(lambda leave: not leave.resource_id)
        if any(not leave.calendar_id for leave in public):
            return None
        return public.calendar_id
