import logging
import subprocess

from odoo.tests import HttpCase, tagged

from .satisfaction_common import SatisfactionCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "cs_satisfaction")
class TestSatisfactionUi(SatisfactionCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._seed_two_periods()

    def test_pdf_renders_with_its_charts(self):
        report = self._current()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "customer_service.action_report_cs_satisfaction", report.ids
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertGreaterEqual(
            pdf.count(b"/Subtype /Image"), 2, "both charts embedded"
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_service.action_report_cs_satisfaction", report.ids
            )[0]
            .decode()
        )
        self.assertEqual(html.count('class="o_cs_chart'), 2)
        self.assertIn("NPS fell 100 points", html)
        # Keep a PNG of the first page for a look by eye, when poppler is there.
        try:
            with open("/tmp/cs_satisfaction_report.pdf", "wb") as out:
                out.write(pdf)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    "1",
                    "-l",
                    "2",
                    "/tmp/cs_satisfaction_report.pdf",
                    "/tmp/cs_satisfaction_report",
                ],
                check=False,
                timeout=60,
            )
        except OSError as error:
            _logger.info("No PNG of the satisfaction report: %s", error)

    def test_tour_supervisor_generates_and_approves_a_report(self):
        # The manager is a supervisor with the right to approve.
        self.manager.password = "cs_manager_pwd"
        self.start_tour(
            "/odoo/action-customer_service.cs_satisfaction_report_wizard_action",
            "customer_service_satisfaction_report",
            login="cs_manager",
        )
        report = self.env["cs.satisfaction.report"].search([])
        self.assertEqual(len(report), 1)
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.manager)
        self.assertTrue(report.conclusions)
        self.assertEqual(report.no_action_reason, "Every figure is on target.")

    def test_short_link_redirects_to_the_survey(self):
        ticket = self._ticket("sms", partner=self.customer_es)
        answer = self.rule._cs_create_answer(ticket, "sms")
        response = self.url_open(f"/cs/s/{answer.cs_short_code}", allow_redirects=False)
        self.assertIn(response.status_code, (301, 302, 303))
        self.assertIn(
            f"answer_token={answer.access_token}", response.headers["Location"]
        )
        self.assertEqual(self.url_open("/cs/s/unknown-code").status_code, 404)
        # Following the short link (as a mail or SMS scanner would) answers nothing.
        self.url_open(f"/cs/s/{answer.cs_short_code}")
        self.url_open(f"/cs/s/{answer.cs_short_code}", method="HEAD")
        answer.invalidate_recordset()
        self.assertEqual(answer.state, "new")
        self.assertFalse(answer.user_input_line_ids)
        # The quick rating links of the same mail are core's: GET shows a form.
        token = ticket._rating_get_access_token(partner=self.customer_es)
        self.url_open(f"/rate/{token}/1")
        rating = ticket.rating_ids
        rating.invalidate_recordset()
        self.assertFalse(rating.consumed)
