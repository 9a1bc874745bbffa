from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .satisfaction_common import SatisfactionCase


@tagged("post_install", "-at_install", "cs_satisfaction")
class TestSatisfactionReport(SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._seed_two_periods()

    def test_kpis_trends_and_conclusions(self):
        report = self._current()
        self.assertEqual(
            report.team_ids, self.team, "a supervisor reports on their teams"
        )
        self.assertRecordValues(
            report,
            [
                {
                    "state": "draft",
                    "sent": 11,
                    "answered": 10,
                    "csat": 50.0,
                    "nps": 0.0,
                    "ces": 4.0,
                    "prev_nps": 100.0,
                    "prev_csat": 100.0,
                    "has_previous": True,
                    "small_sample": True,
                    "deficiency_count": 5,
                }
            ],
        )
        self.assertAlmostEqual(report.response_rate, 100 * 10 / 11)
        self.assertTrue(report.csat_ci)
        phone_line = report.line_ids.filtered(
            lambda x: x.dimension == "channel" and x.res_id == self.channels["phone"].id
        )
        self.assertEqual((phone_line.nps, phone_line.delta_nps), (-100.0, -200.0))
        self.assertTrue(phone_line.small_sample)
        self.assertIn(
            "NPS fell 100 points against the previous period, to 0, driven by the "
            "Phone channel (-200).",
            report.conclusions,
        )
        self.assertIn("Only 10 answers", report.conclusions)
        self.assertFalse(
            report.line_ids.filtered(lambda x: x.dimension == "complaint"),
            "without the complaints feature the report still renders",
        )
        self.assertTrue(report.chart_trend and report.chart_channel)

    def test_product_segments_and_complaints_by_product(self):
        kettle = self.env["product.product"].create({"name": "Kettle K-200"})
        ticket = self._ticket(
            "web", partner=self.customer_plain, cs_product_id=kettle.id
        )
        for days in range(1, 4):
            self._answer(ticket, csat=2, nps=3, ces=5, days_ago=days)
        self._ticket(
            "web",
            partner=self.customer_plain,
            cs_product_id=kettle.id,
            cs_is_complaint=True,
            cs_complaint_type_id=self.env["cs.complaint.type"]
            .create({"name": "Faulty product"})
            .id,
        )
        report = self._current()
        products = report.kpi_line_ids.filtered(lambda x: x.dimension == "product")
        self.assertRecordValues(
            products,
            [{"res_id": kettle.id, "name": kettle.display_name, "answered": 3}],
        )
        self.assertRecordValues(
            report.topic_line_ids.filtered(
                lambda x: x.dimension == "complaint_product"
            ),
            [{"res_id": kettle.id, "count": 1}],
        )
        pdf, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "customer_service.report_cs_satisfaction", report.ids
        )
        self.assertIn("Complaints by product", pdf.decode())

    def test_workflow_access_and_approved_reports_are_read_only(self):
        report = self._current()
        report.with_user(self.supervisor).conclusions = "<p>Hire two people.</p>"
        report.with_user(self.supervisor).action_submit()
        self.assertEqual(report.state, "review")
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            report.with_user(self.supervisor).action_approve()
        with self.assertRaises(AccessError):
            report.with_user(self.agent).read(["name"])
        report.with_user(self.manager).no_action_reason = "Hiring is the answer."
        report.with_user(self.manager).action_approve()
        self.assertRecordValues(
            report, [{"state": "approved", "approved_by_id": self.manager.id}]
        )
        with self.assertRaisesRegex(UserError, "approved"), self.env.cr.savepoint():
            report.with_user(self.manager).conclusions = "<p>Changed</p>"
        with self.assertRaisesRegex(UserError, "Only draft"), self.env.cr.savepoint():
            report.with_user(self.manager).unlink()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            report.with_user(self.manager).action_regenerate()
        report.with_user(self.manager).action_archive_report()
        self.assertEqual(report.state, "archived")
        self.assertIn("Hire two people", report.conclusions)

    def test_next_report_compares_against_the_last_approved(self):
        previous = self._generate(
            self.supervisor,
            self.today - timedelta(days=59),
            self.today - timedelta(days=30),
        )
        self.assertEqual(previous.nps, 100.0)
        previous.action_submit()
        previous.no_action_reason = "Every figure on target."
        previous.with_user(self.manager).action_approve()
        # Data arriving late for the approved period does not move the comparison.
        self._answer(
            self._ticket("phone", partner=self.customer_plain),
            csat=1,
            nps=0,
            ces=7,
            days_ago=45,
        )
        report = self._current()
        self.assertEqual(report.previous_report_id, previous)
        self.assertIn(previous.name, report.compare_label)
        self.assertEqual(report.prev_nps, 100.0)

    def test_wizard_refuses_bad_input(self):
        with (
            self.assertRaisesRegex(UserError, "Swap the dates"),
            self.env.cr.savepoint(),
        ):
            self._generate(self.supervisor, self.today, self.today - timedelta(days=3))
        with self.assertRaisesRegex(UserError, "own teams"), self.env.cr.savepoint():
            self._generate(
                self.supervisor,
                self.today - timedelta(days=3),
                self.today,
                team_ids=[fields.Command.set(self.other_team.ids)],
            )
        self.assertFalse(self.env["cs.satisfaction.report"].search([]))
        defaults = Form(self.env["cs.satisfaction.report.wizard"])
        self.assertEqual(defaults.date_from.day, 1)
        self.assertLess(defaults.date_to, self.today)

    def test_improvement_proposals_are_tracked_actions(self):
        report = self._current()
        action = self.env["cs.satisfaction.action"].create(
            {
                "report_id": report.id,
                "name": "Add a call-back option on the phone line",
                "owner_id": self.agent.id,
                "date_deadline": self.today + timedelta(days=30),
            }
        )
        self.assertEqual(action.activity_ids.user_id, self.agent)
        # Later changes happen in other transactions: close this one's tracking.
        self.env.flush_all()
        self.env.cr.precommit.run()
        report.action_submit()
        report.with_user(self.manager).action_approve()
        action.state = "done"
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(action.state, "done", "proposals follow up after approval")
        tracked = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", action._name),
                ("mail_message_id.res_id", "=", action.id),
                ("field_id.name", "=", "state"),
            ]
        )
        self.assertEqual(tracked.new_value_char, "Done")

    def test_report_generation_queries_do_not_grow_with_answers(self):
        def count_queries():
            report = self._current()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            report._cs_generate()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        small = count_queries()
        ticket = self._ticket("web", partner=self.customer_plain)
        for days in range(1, 11):
            self._answer(ticket, csat=3, nps=7, ces=3, days_ago=days)
        self.assertLessEqual(count_queries(), small + 5)
