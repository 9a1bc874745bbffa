from datetime import timedelta

import pytz

from odoo import fields, models, tools
from odoo.tools import SQL

from .cs_form_read_stamp import ensure_stamp_sequence, stamp_rows

STAMP_SEQUENCE = "resource_calendar_cs_sla_stamp_seq"


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    cs_sla_stamp = fields.Integer(
        string="SLA Working Time Stamp",
        readonly=True,
        copy=False,
        help="Changes whenever the calendar's opening hours or time off change: "
        "the SLA's cached weeks of working time are keyed on it.",
    )

    def init(self):
        ensure_stamp_sequence(self.env.cr, STAMP_SEQUENCE)

    def _cs_sla_stamp(self, calendars):
        """New stamp on ``calendars`` (None: on every calendar), whose working
        time just changed."""
        if calendars is not None and not calendars:
            return
        stamp_rows(
            self.env,
            self._table,
            None if calendars is None else calendars.ids,
            "cs_sla_stamp",
            STAMP_SEQUENCE,
        )
        if calendars is None:
            self.invalidate_model(["cs_sla_stamp"])
        else:
            calendars.invalidate_recordset(["cs_sla_stamp"])

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
        key = self._cs_sla_key()
        week = (start - timedelta(days=start.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        intervals = []
        while week <= end:
            intervals.extend(self._cs_week_intervals(*key, week))
            week += timedelta(days=7)
        return intervals

    def _cs_sla_key(self):
        """What this calendar's working time depends on, in one query: its last
        edit, its stamp (opening hours and time off) and the region of its
        company, whose regional holidays close it (see _leave_intervals_batch)."""
        self.env["resource.calendar"].flush_model(
            ["write_date", "cs_sla_stamp", "company_id"]
        )
        self.env["res.company"].flush_model(["partner_id"])
        self.env["res.partner"].flush_model(["country_id", "state_id"])
        # The company's country and region are those of its partner's address.
        write_date, stamp, country_id, state_id = self.env.execute_query(
            SQL(
                """SELECT cal.write_date, cal.cs_sla_stamp, p.country_id, p.state_id
                     FROM resource_calendar cal
                     JOIN res_company c ON c.id = COALESCE(cal.company_id, %s)
                     JOIN res_partner p ON p.id = c.partner_id
                    WHERE cal.id = %s""",
                self.env.company.id,
                self.id,
            )
        )[0]
        return (
            self.id,
            write_date,
            stamp,
            (country_id,) if country_id else (),
            (state_id,) if state_id else (),
        )

    @tools.ormcache("calendar_id", "write_date", "stamp", "countries", "states", "week")
    def _cs_week_intervals(
        self, calendar_id, write_date, stamp, countries, states, week
    ):
        # The timeline of a week is rebuilt only when the calendar changes (its
        # write_date) or its opening hours or time off do (its stamp): building it
        # converts every attendance between time zones.
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
