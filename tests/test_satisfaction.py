from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase

from .cron_common import cron_progress
from .satisfaction_common import SatisfactionCase


def _refuse_consent(self, purpose, channel, raise_if_missing=False):
    if raise_if_missing:
        raise UserError(
            self.env._(
                "No consent for %(purpose)s by %(channel)s",
                purpose=purpose,
                channel=channel,
            )
        )
    return False


@tagged("post_install", "-at_install", "cs_satisfaction")
class TestSatisfactionSending(SatisfactionCase, SMSCase, MockEmail):
    def _close(self, ticket):
        ticket.with_context(cs_farewell_checked=True).stage_id = self.stage_done

    def test_closing_a_ticket_sends_the_survey_by_email_with_its_context(self):
        ticket = self._ticket("email", partner=self.customer_en)
        ticket.category_id = self.env["helpdesk.ticket.category"].create(
            {"name": "Billing"}
        )
        with self.mock_mail_gateway():
            self._close(ticket)
        answer = ticket.cs_survey_input_ids
        self.assertEqual(len(answer), 1)
        self.assertRecordValues(
            answer,
            [
                {
                    "cs_is_satisfaction": True,
                    "partner_id": self.customer_en.id,
                    "cs_team_id": self.team.id,
                    "cs_agent_id": self.agent.id,
                    "cs_channel_id": self.channels["email"].id,
                    "cs_category_id": ticket.category_id.id,
                    "cs_delivery": "email",
                    "state": "new",
                }
            ],
        )
        self.assertEqual(
            answer.deadline.date(),
            (answer.cs_sent_date + timedelta(days=self.rule.expiry_days)).date(),
        )
        mail = self._new_mails.filtered(
            lambda m: self.customer_en in m.recipient_ids
            or "john.smith" in (m.email_to or "")
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(answer.access_token, mail.body_html)
        # The one-tap rating of the ticket shares the e-mail and the context.
        rating = ticket.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertIn(f"/rate/{rating.access_token}/5", mail.body_html)
        self.assertEqual(ticket.cs_survey_count, 1)

    def test_sms_channel_gets_a_short_link(self):
        ticket = self._ticket("sms", partner=self.customer_es)
        self._close(ticket)
        ticket.cs_survey_input_ids.unlink()
        with self.mockSMSGateway():
            ticket.with_user(self.agent).action_cs_send_survey()
        answer = ticket.cs_survey_input_ids
        self.assertEqual(answer.cs_delivery, "sms")
        self.assertEqual(len(self._new_sms), 1)
        self.assertIn(f"/cs/s/{answer.cs_short_code}", self._new_sms.body)
        self.assertLessEqual(len(answer.cs_short_url), 60)

    def test_in_person_hands_over_a_kiosk_link_and_qr(self):
        ticket = self._ticket("in_person", partner=self.customer_es)
        with self.mock_mail_gateway(), self.mockSMSGateway():
            self._close(ticket)
            self.assertFalse(self._new_mails.filtered(lambda m: "rate" in m.body_html))
            self.assertFalse(self._new_sms)
        ticket.cs_survey_input_ids.cs_sent_date = fields.Datetime.now() - timedelta(
            days=40
        )
        action = ticket.with_user(self.agent).action_cs_send_survey()
        answer = ticket.cs_survey_input_ids.sorted("id")[-1]
        self.assertEqual(answer.cs_delivery, "kiosk")
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], answer.cs_short_url)
        self.assertIn("barcode_type=QR", answer.cs_qr_url)

    def test_throttling_one_survey_per_customer_per_period(self):
        first = self._ticket("email", partner=self.customer_en)
        second = self._ticket("email", partner=self.customer_en)
        with self.mock_mail_gateway():
            stats = self.rule._cs_send(first | second)
        self.assertEqual((stats["sent"], stats["throttled"]), (1, 1))
        with (
            self.mock_mail_gateway(),
            self.assertRaisesRegex(UserError, "already sent a satisfaction survey"),
            self.env.cr.savepoint(),
        ):
            second.with_user(self.agent).action_cs_send_survey()
        self.assertFalse(second.cs_survey_input_ids)
        # Once the period is over the customer may be surveyed again.
        first.cs_survey_input_ids.cs_sent_date = fields.Datetime.now() - timedelta(
            days=self.rule.throttle_days + 1
        )
        with self.mock_mail_gateway():
            second.with_user(self.agent).action_cs_send_survey()
        self.assertEqual(len(second.cs_survey_input_ids), 1)

    def test_consent_single_send_raises_mass_send_skips_and_counts(self):
        tickets = self._ticket("email", partner=self.customer_en) | self._ticket(
            "sms", partner=self.customer_es
        )
        with patch.object(
            type(self.env["res.partner"]), "_cs_check_consent", _refuse_consent
        ):
            with self.mock_mail_gateway(), self.mockSMSGateway():
                stats = self.rule._cs_send(tickets)
            self.assertEqual((stats["sent"], stats["consent"]), (0, 2))
            self.assertFalse(self._new_sms)
            with (
                self.assertRaisesRegex(UserError, "No consent for survey by email"),
                self.env.cr.savepoint(),
            ):
                tickets[0].with_user(self.agent).action_cs_send_survey()
        self.assertFalse(tickets.cs_survey_input_ids)

    def test_contact_without_email_is_explained(self):
        ticket = self._ticket("email", partner=self.customer_plain)
        self.customer_plain.email = False
        with (
            self.assertRaisesRegex(UserError, "has no e-mail address"),
            self.env.cr.savepoint(),
        ):
            ticket.action_cs_send_survey()

    def test_one_reminder_then_expiry(self):
        ticket = self._ticket("email", partner=self.customer_en)
        with self.mock_mail_gateway():
            self.rule._cs_send(ticket)
        answer = ticket.cs_survey_input_ids
        Rule = self.env["cs.survey.rule"]
        self.assertEqual(Rule._cron_remind(), 0, "too early for a reminder")
        answer.cs_sent_date = fields.Datetime.now() - timedelta(days=4)
        with self.mock_mail_gateway(), cron_progress(self.env):
            self.assertEqual(Rule._cron_remind(), 1)
        self.assertIn("not heard from you", self._new_mails.body_html)
        self.assertTrue(answer.cs_reminder_sent)
        self.assertEqual(Rule._cron_remind(), 0, "only one reminder")
        self.assertLess(answer.deadline, fields.Datetime.now() + timedelta(days=15))

    def test_reminder_must_come_before_expiry(self):
        with (
            self.assertRaisesRegex(UserError, "reminder after the survey expired"),
            self.env.cr.savepoint(),
        ):
            self.rule.write({"reminder_days": 20, "expiry_days": 14})

    def test_random_sample_cron(self):
        self.rule.trigger = "sample"
        self.rule.sample_size = 1
        tickets = self._ticket("email", partner=self.customer_en) | self._ticket(
            "email", partner=self.customer_es
        )
        tickets.with_context(cs_farewell_checked=True).stage_id = self.stage_done
        with self.mock_mail_gateway():
            self.env["cs.survey.rule"]._cron_sample()
        self.assertEqual(len(tickets.cs_survey_input_ids), 1)


@tagged("post_install", "-at_install", "cs_satisfaction")
class TestSatisfactionAnswers(SatisfactionCase):
    def test_scores_topics_and_deficiency_activity(self):
        ticket = self._ticket("phone", partner=self.customer_es)
        answer = self._answer(
            ticket,
            csat=2,
            nps=3,
            ces=6,
            reasons=["I waited too long"],
            comment="No me atendieron bien y tuve que ESPERAR media hora.",
        )
        self.assertRecordValues(
            answer,
            [
                {
                    "state": "done",
                    "cs_csat": 2,
                    "cs_nps": 3,
                    "cs_ces": 6,
                    "cs_reasons": "I waited too long",
                    "cs_deficiency": True,
                }
            ],
        )
        self.assertEqual(
            set(answer.cs_typology_ids.ids),
            {
                self.env.ref("customer_service.typology_staff").id,
                self.env.ref("customer_service.typology_waiting").id,
            },
        )
        activity = ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.supervisor)
        self.assertIn("detractor (NPS 3)", activity.summary)
        self.assertIn("ESPERAR", activity.note)

    def test_deficiency_opens_a_helpdesk_ticket_when_configured(self):
        self.rule.write(
            {"incident_mode": "ticket", "incident_team_id": self.other_team.id}
        )
        ticket = self._ticket("email", partner=self.customer_en)
        answer = self._answer(ticket, csat=4, nps=9, ces=7, comment="Too many steps")
        incident = answer.cs_incident_ticket_id
        self.assertTrue(incident)
        self.assertEqual(incident.team_id, self.other_team)
        self.assertEqual(incident.cs_satisfaction_input_id, answer)
        self.assertEqual(incident.partner_id, self.customer_en)
        self.assertIn("high effort (CES 7/7)", incident.name)
        self.assertIn("Too many steps", incident.description)

    def test_satisfied_answer_opens_nothing(self):
        ticket = self._ticket("email", partner=self.customer_en)
        answer = self._answer(
            ticket, csat=5, nps=10, ces=2, comment="The agent was very friendly"
        )
        self.assertFalse(answer.cs_deficiency)
        self.assertFalse(ticket.activity_ids)
        self.assertFalse(answer.cs_typology_ids)
        self.assertEqual(
            answer.cs_praise_typology_ids,
            self.env.ref("customer_service.typology_staff"),
        )

    def test_stat_model_kpis_by_channel(self):
        phone = self._ticket("phone", partner=self.customer_es)
        email = self._ticket("email", partner=self.customer_en)
        self._answer(phone, csat=5, nps=10, ces=1)
        self._answer(phone, csat=2, nps=2, ces=7)
        self._answer(email, csat=4, nps=9, ces=2)
        self._answer(email)  # sent, not answered
        Stat = self.env["cs.satisfaction.stat"]
        groups = {
            channel.id: (answered, csat, nps, ces, rate)
            for channel, answered, csat, nps, ces, rate in Stat._read_group(
                [("source", "=", "survey")],
                ["channel_id"],
                ["answered:sum", "csat:avg", "nps:avg", "ces:avg", "response_rate:avg"],
            )
        }
        self.assertEqual(groups[self.channels["phone"].id], (2, 50.0, 0.0, 4.0, 100.0))
        self.assertEqual(
            groups[self.channels["email"].id], (1, 100.0, 100.0, 2.0, 50.0)
        )

    def test_quick_rating_feeds_the_same_analysis(self):
        ticket = self._ticket("chat", partner=self.customer_en)
        token = ticket._rating_get_access_token(partner=self.customer_en)
        ticket.rating_apply(5, token=token, feedback="Great")
        row = self.env["cs.satisfaction.stat"].search(
            [
                ("source", "=", "rating"),
                ("ticket_id.partner_id", "=", self.customer_en.id),
            ]
        )
        self.assertRecordValues(
            row,
            [
                {
                    "ticket_id": ticket.id,
                    "team_id": self.team.id,
                    "agent_id": self.agent.id,
                    "channel_id": self.channels["chat"].id,
                    "answered": 1,
                    "csat": 100.0,
                }
            ],
        )

    def test_security_agent_own_supervisor_team_manager_all(self):
        mine = self._answer(self._ticket("email"), csat=5, nps=10, ces=1)
        theirs = self._answer(
            self._ticket(
                "email",
                partner=self.customer_es,
                user=self.other_agent,
                team_id=self.other_team.id,
            ),
            csat=1,
            nps=0,
            ces=7,
        )
        both = mine | theirs
        Answer = self.env["survey.user_input"]
        Stat = self.env["cs.satisfaction.stat"]
        domain = [("id", "in", both.ids)]
        self.assertEqual(Answer.with_user(self.agent).search(domain), mine)
        self.assertEqual(Answer.with_user(self.other_agent).search(domain), theirs)
        self.assertEqual(Answer.with_user(self.supervisor).search(domain), mine)
        self.assertEqual(Answer.with_user(self.manager).search(domain), both)
        self.assertEqual(Stat.with_user(self.agent).search([]).user_input_id, mine)
        self.assertEqual(Stat.with_user(self.manager).search([]).user_input_id, both)
        with self.assertRaises(AccessError):
            Answer.with_user(self.portal_user).search(domain)
        with self.assertRaises(AccessError):
            mine.with_user(self.manager).write({"cs_csat": 1})

    def test_gdpr_export_and_erase_anonymise_free_text(self):
        ticket = self._ticket("email", partner=self.customer_en)
        answer = self._answer(ticket, csat=2, nps=4, ces=5, comment="Call me at 600")
        Answer = self.env["survey.user_input"]
        exported = Answer._cs_gdpr_export(self.customer_en)
        self.assertEqual(len(exported), 1)
        self.assertEqual(exported[0]["comment"], "Call me at 600")
        self.assertEqual(exported[0]["nps"], 4)
        dry = Answer._cs_gdpr_erase(self.customer_en, dry_run=True)
        self.assertEqual(dry["changed"], 1)
        self.assertEqual(answer.cs_comment, "Call me at 600")
        result = Answer._cs_gdpr_erase(self.customer_en)
        self.assertEqual(result["changed"], 1)
        self.assertTrue(result["kept"])
        self.assertFalse(answer.partner_id)
        self.assertFalse(answer.cs_comment)
        self.assertFalse(answer.email)
        self.assertFalse(
            answer.user_input_line_ids.filtered("value_text_box"),
            "the free text is erased",
        )
        self.assertEqual(answer.cs_nps, 4, "anonymous scores stay for statistics")
        self.assertEqual(Answer._cs_gdpr_export(self.customer_en), [])
