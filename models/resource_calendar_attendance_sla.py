from odoo import models

from . import resource_calendar_sla_stamp  # noqa: F401 (the mixin comes first)


class ResourceCalendarAttendanceSla(models.Model):
    """Opening hours edited on their own change the SLA's cached weeks of working
    time (edited through the calendar, its write_date changes too)."""

    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "cs.sla.calendar.stamp.mixin"]

    def _cs_sla_calendars(self):
        return self.calendar_id
