from odoo import api, models


class ResourceCalendarSlaStamp(models.AbstractModel):
    """Opening hours and time off that change a calendar's working time give that
    calendar a new SLA stamp, so its cached weeks of working time are looked up
    under a new key: no cache is cleared, neither in this worker nor in others.

    The models mixing this in say which calendars their records shape in
    ``_cs_sla_calendars``.
    """

    _name = "cs.sla.calendar.stamp.mixin"
    _description = "Stamps calendars whose SLA working time changes"

    def _cs_sla_calendars(self):
        """Calendars whose working time these records shape; None for all."""
        raise NotImplementedError

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env["resource.calendar"]._cs_sla_stamp(records._cs_sla_calendars())
        return records

    def write(self, vals):
        before = self._cs_sla_calendars()
        result = super().write(vals)
        calendars = self._cs_sla_calendars()
        if before is None or calendars is None:
            calendars = None
        else:
            calendars |= before
        self.env["resource.calendar"]._cs_sla_stamp(calendars)
        return result

    def unlink(self):
        calendars = self._cs_sla_calendars()
        result = super().unlink()
        self.env["resource.calendar"]._cs_sla_stamp(calendars)
        return result
