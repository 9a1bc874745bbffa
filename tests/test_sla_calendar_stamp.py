from datetime import datetime

from odoo.tests import tagged

from .test_escalation import EscalationCase


@tagged("post_install", "-at_install")
class TestSlaCalendarStamp(EscalationCase):
    """Opening hours and public time off give their calendars a new stamp, so the
    SLA's cached weeks of working time are built again for those calendars only,
    without clearing any registry cache; personal time off changes nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["resource.calendar"].create(
            {"name": "Night shift", "tz": "UTC"}
        )

    def _stamps(self):
        return self.calendar.cs_sla_stamp, self.other.cs_sla_stamp

    def test_attendance_stamps_its_calendar_only(self):
        before = self._stamps()
        attendance = self.calendar.attendance_ids[:1]
        self._assert_no_cache_cleared(lambda: attendance.write({"hour_to": 12.5}))
        after = self._stamps()
        self.assertNotEqual(after[0], before[0])
        self.assertEqual(after[1], before[1])
        self._assert_no_cache_cleared(attendance.unlink)
        self.assertNotEqual(self.calendar.cs_sla_stamp, after[0])
        self.assertEqual(self.other.cs_sla_stamp, before[1])

    def test_public_time_off_stamps_every_calendar(self):
        before = self._stamps()
        leave = self._assert_no_cache_cleared(
            lambda: self.env["resource.calendar.leaves"].create(
                {
                    "name": "Regional holiday",
                    "date_from": datetime(2030, 3, 4, 0, 0),
                    "date_to": datetime(2030, 3, 4, 23, 59, 59),
                    "company_id": self.company.id,
                }
            )
        )
        after = self._stamps()
        self.assertNotEqual(after[0], before[0])
        self.assertNotEqual(after[1], before[1])
        # Moved to one calendar: both the old scope (all) and the new one change.
        leave.calendar_id = self.other
        self.assertNotEqual(self._stamps(), after)

    def test_calendar_time_off_stamps_its_calendar(self):
        before = self._stamps()
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Night shift closed",
                "calendar_id": self.other.id,
                "date_from": datetime(2030, 3, 4, 0, 0),
                "date_to": datetime(2030, 3, 4, 23, 59, 59),
            }
        )
        after = self._stamps()
        self.assertEqual(after[0], before[0])
        self.assertNotEqual(after[1], before[1])

    def test_personal_time_off_keeps_cached_weeks(self):
        resource = self.env["resource.resource"].create(
            {"name": "Agent", "calendar_id": self.calendar.id}
        )
        with self._watch_week_builds() as build:
            self._ticket("phone")
            before = self._stamps()
            self.env["resource.calendar.leaves"].create(
                {
                    "name": "Agent's day off",
                    "resource_id": resource.id,
                    "calendar_id": self.calendar.id,
                    "date_from": datetime(2030, 3, 4, 0, 0),
                    "date_to": datetime(2030, 3, 4, 23, 59, 59),
                }
            )
            self.assertEqual(self._stamps(), before)
            build.reset_mock()
            self._ticket("email")
            build.assert_not_called()

    def test_stamps_never_repeat(self):
        """A stamp given in a transaction that rolled back is not given again: a
        week cached under it cannot be read back with other time off."""
        self.env.cr.execute("SAVEPOINT stamp")
        self.env["resource.calendar"]._cs_sla_stamp(self.calendar)
        rolled_back = self.calendar.cs_sla_stamp
        self.env.cr.execute("ROLLBACK TO SAVEPOINT stamp")
        self.calendar.invalidate_recordset(["cs_sla_stamp"])
        self.env["resource.calendar"]._cs_sla_stamp(self.calendar)
        self.assertNotEqual(self.calendar.cs_sla_stamp, rolled_back)
