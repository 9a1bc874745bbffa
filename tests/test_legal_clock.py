from datetime import date, datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import BaseCase, tagged

from ..tools.legal_clock import (
    business_days_between,
    legal_deadline,
    legal_state,
    mentions_body,
    needs_late_justification,
    pick_legal_term,
)
from .test_escalation import EscalationCase


class TestLegalClockTools(BaseCase):
    def test_term_precedence(self):
        self.assertEqual(pick_legal_term(15), 15)
        self.assertEqual(pick_legal_term(15, sector_days=20), 20)
        self.assertEqual(pick_legal_term(15, sector_days=20, sheet_days=10), 10)
        self.assertEqual(pick_legal_term(0), 15)

    def test_business_days_and_deadline(self):
        # Monday to Wednesday stops the clock on Tuesday and Wednesday.
        self.assertEqual(business_days_between(date(2026, 6, 22), date(2026, 6, 24)), 2)
        self.assertEqual(
            business_days_between(
                date(2026, 6, 22), date(2026, 6, 24), frozenset({date(2026, 6, 24)})
            ),
            1,
        )
        self.assertEqual(business_days_between(date(2026, 6, 26), date(2026, 6, 29)), 1)
        self.assertEqual(business_days_between(date(2026, 6, 24), date(2026, 6, 22)), 0)
        start = date(2026, 6, 15)
        self.assertEqual(legal_deadline(start, 15), date(2026, 7, 6))
        self.assertEqual(legal_deadline(start, 15, 2), date(2026, 7, 8))
        self.assertEqual(
            legal_deadline(start, 15, 0, frozenset({date(2026, 6, 24)})),
            date(2026, 7, 7),
        )

    def test_state_and_justification(self):
        deadline, alert, today = date(2026, 7, 6), date(2026, 7, 3), date(2026, 7, 1)
        self.assertEqual(legal_state(deadline, alert, None, today), "running")
        self.assertEqual(legal_state(deadline, alert, None, alert), "due_soon")
        self.assertEqual(
            legal_state(deadline, alert, None, today, paused=True), "paused"
        )
        self.assertEqual(
            legal_state(deadline, alert, None, date(2026, 7, 7)), "overdue"
        )
        self.assertEqual(legal_state(deadline, alert, deadline, today), "answered")
        self.assertEqual(
            legal_state(deadline, alert, date(2026, 7, 7), today), "answered_late"
        )
        self.assertFalse(legal_state(None, None, None, today))
        self.assertTrue(needs_late_justification(deadline, date(2026, 7, 7), "  "))
        self.assertFalse(needs_late_justification(deadline, date(2026, 7, 7), "Strike"))
        self.assertFalse(needs_late_justification(deadline, deadline, ""))

    def test_mentions_body(self):
        body = "Junta Arbitral de Consumo de Madrid"
        self.assertTrue(
            mentions_body(
                "Puede acudir a la junta  arbitral de CONSUMO de madrid.", body
            )
        )
        self.assertFalse(mentions_body("Puede acudir a la Junta Arbitral.", body))
        self.assertFalse(mentions_body("anything", ""))


@tagged("post_install", "-at_install")
class TestLegalClock(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "cs_legal_term_days": 15,
                "cs_legal_sector": False,
                "cs_legal_sector_term_days": 0,
                "cs_arbitration_body": "Junta Arbitral de Consumo de Madrid",
                "cs_arbitration_adhered": True,
            }
        )
        cls.customer_bcn = cls.customer_es.copy(
            {"name": "Jordi Puig", "state_id": cls.env.ref("base.state_es_b").id}
        )
        cls.customer_mad = cls.customer_es.copy(
            {"name": "Marta Gil", "state_id": cls.env.ref("base.state_es_m").id}
        )
        cls.customer_sev = cls.customer_es.copy(
            {"name": "Rocío Navarro", "state_id": cls.env.ref("base.state_es_se").id}
        )

    def _demand(self, partner, start, kind="query", **values):
        return self._ticket(
            "email",
            partner=partner,
            cs_request_kind=kind,
            cs_complaint_start_date=start,
            **values,
        )

    def test_every_kind_has_a_legal_clock(self):
        start = date(2026, 9, 10)
        for kind in ("query", "incident", "complaint", "claim"):
            ticket = self._demand(self.customer_mad, start, kind)
            self.assertEqual(ticket.cs_legal_term_days, 15, kind)
            self.assertEqual(ticket.cs_legal_deadline, date(2026, 10, 1), kind)
        suggestion = self._demand(self.customer_mad, start, "suggestion")
        self.assertFalse(suggestion.cs_legal_deadline)
        self.assertFalse(suggestion.cs_legal_state)

    def test_regional_holidays_catalonia_and_madrid(self):
        # The Diada (11 September) moves only the Catalan customer's deadline.
        start = date(2026, 9, 10)
        bcn = self._demand(self.customer_bcn, start)
        mad = self._demand(self.customer_mad, start)
        self.assertEqual(mad.cs_legal_deadline, date(2026, 10, 1))
        self.assertEqual(bcn.cs_legal_deadline, date(2026, 10, 2))

    def test_sector_and_complaint_sheet_override(self):
        start = date(2026, 9, 10)
        self.company.write(
            {"cs_legal_sector": "telecom", "cs_legal_sector_term_days": 20}
        )
        query = self._demand(self.customer_sev, start)
        self.assertEqual(query.cs_legal_term_days, 20)
        self.assertEqual(query.cs_legal_deadline, date(2026, 10, 8))
        # A complaint sheet of Andalucía is answered in 10 business days.
        sheet = self._demand(
            self.customer_sev,
            start,
            "complaint",
            cs_complaint_sheet_kind="complaint",
            cs_complaint_sheet_number="AND-1",
        )
        self.assertEqual(
            sheet.cs_complaint_sheet_region_id,
            self.env.ref("customer_service.cs_sheet_region_es_an"),
        )
        self.assertEqual(sheet.cs_legal_term_days, 10)
        self.assertEqual(sheet.cs_legal_deadline, date(2026, 9, 24))
        with self.assertRaises(ValidationError):
            sheet.cs_complaint_sheet_kind = "report"
        bcn = self._demand(self.customer_bcn, start, "complaint")
        bcn.cs_complaint_sheet_kind = "report"
        self.assertEqual(bcn.cs_complaint_sheet_region_id.code, "CT")
        with self.assertRaises(ValidationError):
            self.company.cs_legal_sector_term_days = 0

    def test_every_community_and_province_is_covered(self):
        regions = self.env["cs.complaint.sheet.region"].search(
            [("country_id.code", "=", "ES")]
        )
        self.assertGreaterEqual(len(regions), 19)
        provinces = self.env["res.country.state"].search(
            [("country_id.code", "=", "ES")]
        )
        self.assertEqual(regions.state_ids, provinces)
        andalucia = self.env.ref("customer_service.cs_sheet_region_es_an")
        self.assertEqual((andalucia.answer_days, andalucia.retention_years), (10, 4))
        self.assertEqual(
            self.env.ref("customer_service.cs_sheet_region_es_vc").copies, 4
        )
        self.assertTrue(
            self.env.ref("customer_service.cs_sheet_region_es_ct").allow_report
        )

    def test_pause_extends_deadline(self):
        ticket = self._demand(self.customer_mad, fields.Date.today())
        deadline = ticket.cs_legal_deadline
        pause = (
            self.env["cs.legal.clock.pause"]
            .with_user(self.agent)
            .create({"ticket_id": ticket.id, "reason": "missing_information"})
        )
        self.assertEqual(ticket.cs_legal_state, "paused")
        with self.assertRaises(UserError):
            self.env["cs.legal.clock.pause"].create(
                {"ticket_id": ticket.id, "reason": "missing_information"}
            )
        # Paused for a whole week: five business days.
        pause.sudo().date_start -= timedelta(days=7)
        pause.with_user(self.agent).action_resume()
        self.assertEqual(pause.business_days, 5)
        start = ticket.cs_complaint_start_date
        holidays = ticket._cs_legal_holidays(start, start + timedelta(days=400))
        self.assertEqual(
            ticket.cs_legal_deadline, legal_deadline(start, 15, 5, holidays[ticket.id])
        )
        self.assertGreater(ticket.cs_legal_deadline, deadline)
        self.assertEqual(ticket.cs_legal_state, "running")
        with self.assertRaises(UserError):
            pause.with_user(self.agent).reason = "customer_request"

    def test_late_close_requires_justification(self):
        start = fields.Date.today() - timedelta(days=40)
        ticket = (
            self._demand(self.customer_mad, start)
            .with_user(self.agent)
            .with_context(cs_farewell_checked=True)
        )
        self.assertEqual(ticket.cs_legal_state, "overdue")
        with self.assertRaises(ValidationError) as error:
            ticket.stage_id = self.stage_done
        self.assertIn("Late Justification", str(error.exception))
        ticket.write(
            {
                "stage_id": self.stage_done.id,
                "cs_late_justification": "The supplier answered late.",
            }
        )
        self.assertEqual(ticket.cs_legal_state, "answered_late")
        claim = self._demand(self.customer_mad, start, "claim").with_user(self.agent)
        with self.assertRaises(ValidationError):
            claim.cs_complaint_response_date = fields.Date.today()

    def test_rejected_complaint_needs_arbitration_text(self):
        ticket = self._demand(
            self.customer_es,
            fields.Date.today(),
            "claim",
            cs_complaint_outcome="rejected",
        )
        self.assertIn("Junta Arbitral de Consumo de Madrid", ticket.cs_arbitration_text)
        reply = ticket.with_user(self.agent)
        with self.assertRaises(UserError) as error:
            reply.message_post(
                body="We cannot refund you.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertIn("Junta Arbitral", str(error.exception))
        # Notes are internal: no legal text needed.
        reply.message_post(body="Rejected after review.", subtype_xmlid="mail.mt_note")
        reply.message_post(
            body=f"<p>We cannot refund you.</p><p>{ticket.cs_arbitration_text}</p>",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # The text is in the customer's language.
        self.assertIn("Si no está de acuerdo", ticket.cs_arbitration_text)
        self.company.cs_arbitration_body = False
        with self.assertRaises(UserError):
            reply.message_post(
                body="We cannot refund you.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def test_alerts_cron(self):
        today = fields.Date.today()
        self.company.cs_legal_alert_days = 25
        overdue = self._demand(self.customer_mad, today - timedelta(days=40))
        # 15 business days is about three weeks: warned 25 days before it, now.
        soon = self._demand(self.customer_mad, today)
        fresh = self._demand(self.customer_mad, today + timedelta(days=30))
        self.assertEqual(soon.cs_legal_state, "due_soon")
        self.assertEqual(fresh.cs_legal_state, "running")
        Ticket = self.env["helpdesk.ticket"]
        cron = type(self.env["ir.cron"])
        with patch.object(cron, "_commit_progress", return_value=1):
            Ticket._cron_cs_legal_clock_alerts(batch_size=1, commit=True)
        self.assertEqual(overdue.cs_legal_alert_state, "overdue")
        self.assertEqual(soon.cs_legal_alert_state, "warned")
        self.assertEqual(fresh.cs_legal_alert_state, "none")
        self.assertEqual(overdue.activity_ids.summary, "Demand past its legal deadline")
        self.assertEqual(Ticket._cron_cs_legal_clock_alerts(commit=False), 0)

    def test_audit_section(self):
        today = fields.Date.today()
        on_time = self._demand(self.customer_mad, today - timedelta(days=2))
        on_time.stage_id = self.stage_done
        late = self._demand(
            self.customer_mad,
            today - timedelta(days=40),
            "claim",
            cs_complaint_outcome="rejected",
            cs_complaint_arbitration=True,
        )
        late.write(
            {
                "cs_late_justification": "Waiting for the carrier.",
                "cs_complaint_response_date": today,
            }
        )
        section = self.env["helpdesk.ticket"]._cs_audit_section_legal_term(
            self.company, today - timedelta(days=1), today
        )
        self.assertEqual(section["key"], "legal_term")
        figures = {f["label"]: f for f in section["figures"]}
        self.assertIn(on_time, figures["Answered within the legal term"]["records"])
        self.assertIn(
            late, figures["Answered late, with their justifications"]["records"]
        )
        self.assertNotIn(
            late, figures["Answered late without a justification"]["records"]
        )
        self.assertIn(
            late, figures["Complaints taken to consumer arbitration"]["records"]
        )
        self.assertIn(late, figures["Complaints answered: Rejected"]["records"])
        share = figures["Share answered within the legal term (%)"]
        answered = figures["Demands answered in the period"]["value"]
        self.assertEqual(
            share["value"],
            round(
                100.0 * figures["Answered within the legal term"]["value"] / answered, 1
            ),
        )

    def test_complaint_sheet_retention(self):
        ticket = self._demand(
            self.customer_sev,
            fields.Date.today(),
            "complaint",
            cs_complaint_sheet_kind="complaint",
        )
        doc_type = self.env["cs.document.type"].create(
            {"name": "Complaint sheet", "prefix": "HRC", "retention_months": 12}
        )
        intake = self.env["cs.intake"].create(
            {
                "ticket_id": ticket.id,
                "partner_id": ticket.partner_id.id,
                "channel_id": ticket.channel_id.id,
                "document_type_id": doc_type.id,
                "received_at": datetime.now(),
            }
        )
        self.assertGreaterEqual(
            intake.retention_date, fields.Date.today() + timedelta(days=4 * 365)
        )
        ticket.cs_complaint_response_date = fields.Date.today() + timedelta(days=3)
        self.assertGreaterEqual(
            intake.retention_date, fields.Date.today() + timedelta(days=4 * 365 + 3)
        )

    def test_audit_section_scales(self):
        """The section's queries do not grow with the number of demands."""
        today = fields.Date.today()

        def answered(count):
            tickets = self.env["helpdesk.ticket"].create(
                [
                    {
                        "name": f"Audit {i}",
                        "description": "<p>Refund</p>",
                        "partner_id": self.customer_mad.id,
                        "team_id": self.team.id,
                        "cs_request_kind": "claim",
                        "cs_complaint_start_date": today - timedelta(days=3),
                        "cs_complaint_outcome": "upheld",
                    }
                    for i in range(count)
                ]
            )
            tickets.cs_complaint_response_date = today

        def queries():
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.env["helpdesk.ticket"]._cs_audit_section_legal_term(
                self.company, today, today
            )
            return self.env.cr.sql_log_count - start

        answered(5)
        few = queries()
        answered(50)
        self.assertEqual(queries(), few)
