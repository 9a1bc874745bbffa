"""Every cron of the addon: more due records than one batch, each batch committed
with the count still due (the last with none), and a second run adds nothing."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase

from .cron_common import cron_progress
from .gdpr_common import GdprCase
from .intake_common import IntakeCase
from .loyalty_common import LoyaltyCase
from .satisfaction_common import SatisfactionCase
from .test_escalation import EscalationCase


class CronAssertions:
    def assertBatches(self, calls, processed):
        """``calls`` reports ``processed`` per batch and a falling remaining count
        that ends at zero."""
        self.assertEqual([done for done, __ in calls], processed)
        remaining = [left for __, left in calls]
        self.assertNotIn(None, remaining, "every batch says how many are left")
        self.assertEqual(remaining, sorted(remaining, reverse=True))
        self.assertEqual(remaining[-1], 0)
        self.assertGreater(remaining[0], 0)


@tagged("post_install", "-at_install")
class TestFollowupCronBatches(LoyaltyCase, CronAssertions):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env.ref("customer_service.cs_followup_plan_after_sale")
        cls.today = fields.Date.context_today(cls.env["cs.followup"])

    def _due_followups(self, count):
        partners = self.env["res.partner"].create(
            [{"name": f"Due {i}", "email": f"due{i}@example.com"} for i in range(count)]
        )
        followups = self.plan._cs_trigger("invoice", partners)
        followups.start_date = self.today - timedelta(days=7)
        followups._cs_schedule_next()
        return followups

    def test_all_batches_run_and_report_remaining(self):
        followups = self._due_followups(5)
        with cron_progress(self.env) as calls, self.mock_mail_gateway():
            totals = self.env["cs.followup"]._cron_run_due(batch_size=2)
        self.assertBatches(calls, [2, 2, 1])
        self.assertEqual(totals["sent"], 5)
        self.assertEqual(set(followups.mapped("state")), {"in_progress"})
        with cron_progress(self.env) as calls, self.mock_mail_gateway():
            totals = self.env["cs.followup"]._cron_run_due(batch_size=2)
        self.assertFalse(calls, "nothing due: the second run does nothing")
        self.assertFalse(totals.get("sent"))
        self.assertFalse(self._new_mails)

    def test_run_cut_short_says_what_is_left(self):
        """Out of time after one batch (a killed or slow run): the cron reports the
        follow-ups still due, so Odoo reschedules it at once instead of next day."""
        followups = self._due_followups(5)
        with cron_progress(self.env, time_left=0) as calls, self.mock_mail_gateway():
            self.env["cs.followup"]._cron_run_due(batch_size=2)
        self.assertEqual(calls, [(2, 3)])
        self.assertEqual(followups.mapped("state").count("in_progress"), 2)

    def test_tenure_points_once_per_year(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        card.cs_enrol_date = self.today - relativedelta(years=1)
        points = card.points
        with cron_progress(self.env), self.mock_mail_gateway():
            self.env["cs.followup"]._cron_run_due()
            self.env["cs.followup"]._cron_run_due()
        self.assertEqual(card.points, points + 100, "one year, one award")
        keys = card.history_ids.mapped("cs_award_key")
        self.assertEqual([k for k in keys if k.startswith("tenure")], ["tenure_year:1"])

    def test_tenure_points_not_again_on_a_replacement_card(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        card.cs_enrol_date = self.today - relativedelta(years=1)
        self.env["loyalty.card"]._cs_award_tenure_points()
        new_card = card.action_cs_replace()
        points = new_card.points
        self.env["loyalty.card"]._cs_award_tenure_points()
        self.assertEqual(new_card.points, points, "the lost card got this year's")

    def test_answer_points_once_per_followup(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        followup = self.customer_en.cs_followup_ids.filtered(
            lambda f: f.plan_id == self.plan
        )
        points = card.points
        followup.satisfaction = "happy"
        # An agent clears and types the answer again after a call: no second award.
        followup.write({"satisfaction": False, "fitness": False})
        followup.fitness = "yes"
        self.assertEqual(card.points, points + 20)


@tagged("post_install", "-at_install")
class TestSurveyCronBatches(SatisfactionCase, SMSCase, MockEmail, CronAssertions):
    def _sms_answers(self, count):
        answers = self.env["survey.user_input"]
        for __ in range(count):
            ticket = self._ticket("sms", partner=self.customer_es)
            answers |= self.rule._cs_create_answer(ticket, "sms")
        answers.cs_sent_date = fields.Datetime.now() - timedelta(days=4)
        return answers

    def test_short_url_of_several_answers(self):
        answers = self._sms_answers(3)
        self.env.invalidate_all()
        urls = answers.mapped("cs_short_url")
        self.assertEqual(len(set(urls)), 3)
        for answer, url in zip(answers, urls, strict=True):
            self.assertTrue(url.endswith(f"/cs/s/{answer.cs_short_code}"))

    def test_sms_reminders_in_batches_then_nothing(self):
        self.rule.reminder_days = 3
        answers = self._sms_answers(3)
        self.env.invalidate_all()
        Rule = self.env["cs.survey.rule"]
        with cron_progress(self.env) as calls, self.mockSMSGateway():
            self.assertEqual(Rule._cron_remind(batch_size=2), 3)
        self.assertBatches(calls, [2, 1])
        self.assertEqual(len(self._new_sms), 3)
        self.assertTrue(all(answers.mapped("cs_reminder_sent")))
        with cron_progress(self.env) as calls, self.mockSMSGateway():
            self.assertEqual(Rule._cron_remind(batch_size=2), 0)
        self.assertFalse(calls)
        self.assertFalse(self._new_sms)

    def test_sample_twice_in_a_window_sends_once(self):
        self.rule.write(
            {
                "trigger": "sample",
                "sample_size": 2,
                "throttle_days": 0,
                "team_ids": [(6, 0, self.other_team.ids)],
            }
        )
        partners = self.env["res.partner"].create(
            [{"name": f"Sampled {i}", "email": f"s{i}@example.com"} for i in range(4)]
        )
        tickets = self.env["helpdesk.ticket"]
        for partner in partners:
            tickets |= self._ticket(
                "email", partner=partner, team_id=self.other_team.id
            )
        tickets.with_context(cs_farewell_checked=True).stage_id = self.stage_done
        tickets.cs_survey_input_ids.unlink()
        with self.mock_mail_gateway():
            self.env["cs.survey.rule"]._cron_sample()
        self.assertEqual(len(tickets.cs_survey_input_ids), 2)
        with self.mock_mail_gateway():
            self.env["cs.survey.rule"]._cron_sample()
        self.assertEqual(len(tickets.cs_survey_input_ids), 2)
        self.assertFalse(self._new_mails)


@tagged("post_install", "-at_install")
class TestGdprCronBatches(GdprCase, CronAssertions):
    def test_overdue_requests_in_batches_then_nothing(self):
        old = fields.Date.today() - relativedelta(months=2)
        requests = self.Request.create(
            [
                {
                    "partner_id": self.customer_en.id,
                    "request_type": "access",
                    "channel_id": self.channels["email"].id,
                    "dpo_id": self.dpo.id,
                    "receipt_date": old,
                }
                for __ in range(3)
            ]
        )
        self.Request.search(
            [("id", "not in", requests.ids), ("overdue_notified", "=", False)]
        ).overdue_notified = True
        with cron_progress(self.env) as calls:
            notified = self.Request._cron_cs_overdue(batch_size=2)
        self.assertBatches(calls, [2, 1])
        self.assertEqual(notified, requests)
        with cron_progress(self.env) as calls:
            self.assertFalse(self.Request._cron_cs_overdue(batch_size=2))
        self.assertFalse(calls)

    def test_consent_expiry_in_batches_then_nothing(self):
        old = fields.Datetime.now() - timedelta(days=800)
        partners = self.customer_en | self.customer_es | self.customer_plain
        for partner in partners:
            self._give(partner, self.commercial, date=old)
        with cron_progress(self.env) as calls:
            expired = self.Consent._cron_cs_expire(batch_size=2)
        self.assertBatches(calls, [2, 1])
        self.assertEqual(expired.partner_id, partners)
        self.assertEqual(set(expired.mapped("state")), {"expired"})
        with cron_progress(self.env) as calls:
            self.assertFalse(self.Consent._cron_cs_expire(batch_size=2))
        self.assertFalse(calls)


@tagged("post_install", "-at_install")
class TestIntakeCronBatches(IntakeCase, CronAssertions):
    def test_retention_in_batches_then_nothing(self):
        Intake = self.env["cs.intake"]
        Intake.search([]).legal_hold = True
        old = fields.Datetime.now() - relativedelta(years=20)
        intakes = Intake.browse()
        for __ in range(3):
            intakes |= self._intake(received_at=old)
        intakes.legal_hold = False
        self.assertTrue(all(intakes.mapped("retention_date")))
        with cron_progress(self.env) as calls:
            self.assertEqual(Intake._cron_cs_archive_past_retention(batch_size=2), 3)
        self.assertBatches(calls, [2, 1])
        self.assertFalse(any(intakes.mapped("active")))
        with cron_progress(self.env) as calls:
            self.assertEqual(Intake._cron_cs_archive_past_retention(batch_size=2), 0)
        self.assertFalse(calls)

    def test_sequences_twice_change_nothing(self):
        Type = self.env["cs.document.type"]
        Type._cron_cs_prepare_sequences()
        ranges = self.env["ir.sequence.date_range"].search_count([])
        Type._cron_cs_prepare_sequences()
        self.assertEqual(self.env["ir.sequence.date_range"].search_count([]), ranges)


@tagged("post_install", "-at_install")
class TestEscalationCronBatches(EscalationCase, CronAssertions):
    def test_escalation_walk_reports_remaining(self):
        self.env["cs.escalation.rule"].create(
            {
                "name": "Everything",
                "domain": f"[('team_id', '=', {self.team.id})]",
                "level": "2",
            }
        )
        for i in range(3):
            self._ticket("email", name=f"Walk {i}")
        Ticket = self.env["helpdesk.ticket"]
        with cron_progress(self.env) as calls:
            processed = Ticket._cron_cs_escalation(batch_size=2)
        self.assertEqual(sum(done for done, __ in calls), processed)
        self.assertBatches(calls, [done for done, __ in calls])
        history = self.env["cs.escalation.history"].search_count([])
        with cron_progress(self.env):
            Ticket._cron_cs_escalation(batch_size=2)
        self.assertEqual(
            self.env["cs.escalation.history"].search_count([]), history, "fired once"
        )

    def test_complaint_alerts_in_batches_then_nothing(self):
        self.env["cs.complaint.deadline"].create(
            {"company_id": self.company.id, "days": 15, "day_type": "business"}
        )
        complaint_type = self.env.ref("customer_service.cs_complaint_type_billing")
        Ticket = self.env["helpdesk.ticket"]
        Ticket.search(
            [("cs_is_complaint", "=", True)]
        ).cs_complaint_response_date = date.today()
        complaints = Ticket.browse()
        for __ in range(3):
            complaints |= self._ticket(
                "email",
                cs_is_complaint=True,
                cs_complaint_type_id=complaint_type.id,
                cs_complaint_start_date=date.today() - timedelta(days=60),
            )
        with cron_progress(self.env) as calls:
            self.assertEqual(Ticket._cron_cs_complaint_alerts(batch_size=2), 3)
        self.assertBatches(calls, [2, 1])
        self.assertEqual(
            set(complaints.mapped("cs_complaint_alert_state")), {"overdue"}
        )
        activities = len(complaints.activity_ids)
        with cron_progress(self.env) as calls:
            self.assertEqual(Ticket._cron_cs_complaint_alerts(batch_size=2), 0)
        self.assertFalse(calls)
        self.assertEqual(len(complaints.activity_ids), activities)
