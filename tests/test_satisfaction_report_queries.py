from datetime import timedelta

from odoo.tests import tagged

from .satisfaction_common import SatisfactionCase


@tagged("post_install", "-at_install", "cs_satisfaction")
class TestSatisfactionReportQueries(SatisfactionCase):
    """Generating a report reads the answers once for the period, the previous
    period and the trend months, and its query count does not grow with the
    answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._seed_two_periods()

    def _report(self):
        return self.env["cs.satisfaction.report"].create(
            {
                "name": "Queries",
                "date_from": self.today - timedelta(days=29),
                "date_to": self.today,
            }
        )

    def _generate_counting(self, report):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        report._cs_generate()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_generation_query_count(self):
        # A first generation warms the registry caches (translations, templates).
        self._generate_counting(self._report())
        report = self._report()
        # Measured at 36 (the chatter, the lines and the charts' attachments
        # included).
        with self.assertQueryCount(36):
            self.env.invalidate_all()
            report._cs_generate()
            self.env.flush_all()
        self.assertEqual(report.answered, 10)
        self.assertTrue(report.chart_trend)

    def test_query_count_does_not_grow_with_answers(self):
        self._generate_counting(self._report())
        few = self._generate_counting(self._report())
        tickets = [
            self._ticket(channel, partner=self.customer_plain)
            for channel in ("phone", "email", "web")
        ]
        for days in range(1, 20):
            for ticket in tickets:
                self._answer(ticket, csat=days % 5 + 1, nps=days % 11, days_ago=days)
        many = self._generate_counting(self._report())
        # 57 more answers over a new channel: at most the new segment's name read.
        self.assertLessEqual(many, few + 1)
