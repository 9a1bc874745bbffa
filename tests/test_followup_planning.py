from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

from .cron_common import cron_progress
from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestFollowupPlanning(LoyaltyCase):
    """The supervisor's filters: overdue and due this week."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env.ref("customer_service.cs_followup_plan_after_sale")
        arch = cls.env["cs.followup"].get_views([(False, "search")])["views"]["search"][
            "arch"
        ]
        cls.filters = {
            node.get("name"): node.get("domain")
            for node in etree.fromstring(arch).iter("filter")
        }

    def _domain(self, name, today):
        """The filter's domain as the web client evaluates it on ``today``."""
        return safe_eval(
            self.filters[name],
            {
                "context_today": lambda: today,
                "relativedelta": relativedelta,
                "datetime": safe_datetime,
                "uid": self.env.uid,
            },
        )

    def _followups(self, today, offsets):
        partners = self.env["res.partner"].create(
            [{"name": f"Plan {o}", "email": f"plan{o}@example.com"} for o in offsets]
        )
        followups = self.plan._cs_trigger("invoice", partners)
        for followup, offset in zip(followups, offsets, strict=True):
            followup.next_date = today + timedelta(days=offset)
        return dict(zip(offsets, followups, strict=True))

    def test_overdue_and_due_this_week(self):
        # A Monday, a Wednesday and a Sunday: the week's edges move with the day.
        for today in (date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 6)):
            with self.subTest(today=today):
                monday = today - timedelta(days=today.weekday())
                offsets = list(range(-8, 9))
                by_offset = self._followups(today, offsets)
                closed = self._followups(today, [-1])[-1]
                closed.action_cs_stop()
                scope = [("id", "in", [f.id for f in by_offset.values()] + [closed.id])]
                Followup = self.env["cs.followup"]
                overdue = Followup.search(scope + self._domain("overdue", today))
                self.assertEqual(
                    sorted(overdue.mapped("next_date")),
                    [today + timedelta(days=o) for o in offsets if o < 0],
                    "open follow-ups due before today",
                )
                week = Followup.search(scope + self._domain("this_week", today))
                self.assertEqual(
                    sorted(week.mapped("next_date")),
                    [monday + timedelta(days=d) for d in range(7)],
                    "Monday to Sunday of today's week",
                )
                self.assertNotIn(closed, week | overdue, "stopped ones are not work")


@tagged("post_install", "-at_install")
class TestFollowupDemo(LoyaltyCase):
    """Demo data shows work today and in the coming days, and the cron runs it."""

    def _demo(self):
        refs = [
            "demo_followup_due_today",
            "demo_followup_call_today",
            "demo_followup_overdue",
            "demo_followup_due_tomorrow",
            "demo_followup_call_in_3_days",
            "demo_followup_due_in_5_days",
        ]
        records = [self.env.ref(f"customer_service.{r}", False) for r in refs]
        if not all(records):
            self.skipTest("customer_service is installed without demo data")
        return dict(zip(refs, records, strict=True))

    def test_demo_followups_fill_today_and_the_coming_days(self):
        demo = self._demo()
        # LoyaltyCase cancels every follow-up: put the demo ones back as installed.
        for followup in demo.values():
            followup.state = "scheduled" if not followup.last_step_id else "in_progress"
            followup._cs_schedule_next()
        # The demo dates are evaluated at install in the server's day (UTC).
        today = fields.Date.today()
        due = {name: (f.next_date - today).days for name, f in demo.items()}
        self.assertEqual(
            due,
            {
                "demo_followup_due_today": 0,
                "demo_followup_call_today": 0,
                "demo_followup_overdue": -2,
                "demo_followup_due_tomorrow": 1,
                "demo_followup_call_in_3_days": 3,
                "demo_followup_due_in_5_days": 5,
            },
        )
        agents = {f.user_id for f in demo.values()}
        self.assertNotIn(self.env.ref("base.user_root"), agents)
        for agent in agents:
            self.assertTrue(agent.has_group("customer_service.group_cs_agent"))
        # Nothing of it is refused or fails when the cron runs the due ones.
        purposes = self.env["cs.processing.purpose"].search(
            [("code", "in", ("commercial", "survey"))]
        )
        purposes.legal_basis = "consent"
        with cron_progress(self.env), self.mock_mail_gateway():
            totals = self.env["cs.followup"]._cron_run_due()
        self.assertEqual(totals.get("refused"), 0, "consents are on record")
        self.assertEqual(totals.get("failed"), 0)
        self.assertEqual(totals.get("sent"), 3)
        call = demo["demo_followup_call_today"]
        self.assertEqual(call.activity_ids.user_id, call.user_id)
