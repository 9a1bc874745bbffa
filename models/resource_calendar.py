from datetime import timedelta

import pytz

from odoo import models, tools


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _leave_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None
    ):
        # A regional public holiday closes only the companies located in that
        # region; for the others it matters only to their customers' legal terms.
        companies = self.company_id or self.env.company
        if domain is None:
            domain = [("time_type", "=", "leave")]
        domain = list(domain) + [
            "|",
            ("cs_country_id", "=", False),
            ("cs_country_id", "in", companies.country_id.ids),
            "|",
            ("cs_state_ids", "=", False),
            ("cs_state_ids", "in", companies.state_id.ids),
        ]
        return super()._leave_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz
        )

    def _cs_work_intervals_utc(self, start, end):
        """Working intervals of this calendar as naive UTC (start, stop) pairs,
        covering [start, end] (naive UTC) with whole weeks from the cache."""
        self.ensure_one()
        companies = self.company_id or self.env.company
        key = (
            self.id,
            self.write_date,
            tuple(companies.country_id.ids),
            tuple(companies.state_id.ids),
        )
        week = (start - timedelta(days=start.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        intervals = []
        while week <= end:
            intervals.extend(self._cs_week_intervals(*key, week))
            week += timedelta(days=7)
        return intervals

    @tools.ormcache("calendar_id", "write_date", "countries", "states", "week")
    def _cs_week_intervals(self, calendar_id, write_date, countries, states, week):
        # The timeline of a week is rebuilt only when the calendar changes (its
        # write_date) or its time off does (their create, write and unlink clear the
        # cache): building it converts every attendance between time zones.
        # sudo: the working time of a service is the same whoever asks for it.
        calendar = self.sudo().browse(calendar_id)
        intervals = calendar._work_intervals_batch(
            pytz.utc.localize(week), pytz.utc.localize(week + timedelta(days=7))
        )[False]
        return tuple(
            (
                a.astimezone(pytz.utc).replace(tzinfo=None),
                b.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for a, b, _record in intervals
        )
