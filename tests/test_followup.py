from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestFollowup(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env.ref("customer_service.cs_followup_plan_after_sale")
        cls.plan.incident_team_id = cls.team
        cls.check_step = cls.env.ref(
            "customer_service.cs_followup_step_after_sale_check"
        )
        cls.call_step = cls.env.ref("customer_service.cs_followup_step_after_sale_call")
        cls.today = fields.Date.context_today(cls.env["cs.followup"])

    def _due(self, followup, days=7):
        followup.start_date = self.today - timedelta(days=days)
        followup._cs_schedule_next()
        return followup

    def test_posted_invoice_triggers_plan(self):
        draft = self._invoice(self.customer_en, post=False)
        self.assertFalse(self.customer_en.cs_followup_ids)
        draft.action_post()
        followup = self.customer_en.cs_followup_ids
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.plan_id, self.plan)
        self.assertEqual(followup.invoice_id, draft)
        self.assertEqual(followup.product_id, self.product)
        self.assertEqual(followup.state, "scheduled")
        self.assertEqual(followup.next_step_id, self.check_step)
        self.assertEqual(followup.next_date, self.today + timedelta(days=7))

    def test_cron_runs_steps_per_channel(self):
        followup = self._due(
            self._invoice(self.customer_en) and self.customer_en.cs_followup_ids, 30
        )
        patcher, calls = self._refuse_consent(refused=())
        with patcher, self.mock_mail_gateway():
            processed, counters = self.env["cs.followup"]._cs_run_due_batch()
        self.assertEqual((processed, counters["sent"]), (1, 1))
        self.assertEqual(calls, [("survey", "email", False)])
        # Sent as core mass mailing sends: the e-mail is queued and stays in the
        # chatter as an outgoing e-mail.
        message = followup.message_ids.filtered(
            lambda m: m.message_type == "email_outgoing"
        )
        self.assertEqual(message.subject, "How is it going, John Smith?")
        self.assertEqual(self._new_mails.recipient_ids, self.customer_en)
        self.assertEqual(self._new_mails.mail_message_id, message)
        token = followup._cs_answer_token()
        self.assertIn(f"/cs/followup/{token}/rate/5", message.body)
        self.assertIn(f"/cs/followup/{token}/fit/no", message.body)
        self.assertEqual(followup.state, "in_progress")
        self.assertEqual(followup.next_step_id, self.call_step)
        self.assertEqual(followup.next_date, self.today)

        with patcher:
            self.env["cs.followup"]._cs_run_due_batch()
        self.assertEqual(calls[-1], ("commercial", "phone", False))
        activity = followup.activity_ids
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertIn("offer the loyalty programme", activity.note)
        self.assertEqual(followup.state, "done")
        self.assertFalse(self.env["cs.followup"]._cs_run_due_batch()[0])

    def test_cron_loops_over_batches(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Cron {i}", "email": f"c{i}@example.com"} for i in range(5)]
        )
        followups = self.plan._cs_trigger("invoice", partners)
        followups.start_date = self.today - timedelta(days=7)
        followups._cs_schedule_next()
        progress = []

        def commit_progress(cron, processed=0, **kwargs):
            progress.append(processed)
            return 100.0

        with (
            patch.object(
                type(self.env["ir.cron"]), "_commit_progress", commit_progress
            ),
            self.mock_mail_gateway(),
        ):
            totals = self.env["cs.followup"]._cron_run_due(batch_size=2)
        self.assertEqual(progress, [2, 2, 1])
        self.assertEqual(totals["sent"], 5)
        self.assertEqual(set(followups.mapped("state")), {"in_progress"})

    def test_email_in_customer_language_and_sms_step(self):
        template = self.env.ref(
            "customer_service.mail_template_cs_followup_satisfaction"
        )
        template.with_context(
            lang="es_ES"
        ).subject = "¿Qué tal, {{ object.partner_id.name }}?"
        self._invoice(self.customer_es)
        followup = self._due(self.customer_es.cs_followup_ids)
        with self.mock_mail_gateway():
            followup.action_cs_run_next_step()
        self.assertEqual(followup.message_ids[0].subject, "¿Qué tal, Lucía Martínez?")

        sms_plan = self.env["cs.followup.plan"].create(
            {
                "name": "SMS check",
                "trigger": "manual",
                "step_ids": [
                    Command.create(
                        {
                            "name": "SMS",
                            "day_offset": 0,
                            "channel": "sms",
                            "ask_rating": True,
                            "sms_template_id": self.env.ref(
                                "customer_service.sms_template_cs_followup_satisfaction"
                            ).id,
                        }
                    )
                ],
            }
        )
        sms_followup = sms_plan._cs_trigger("manual", self.customer_es)
        self.assertEqual(sms_followup.next_date, self.today)
        with self.mockSMSGateway():
            self.env["cs.followup"]._cs_run_due_batch()
        self.assertEqual(len(self._new_sms), 1)
        self.assertIn(
            f"/cs/followup/{sms_followup._cs_answer_token()}/rate/5", self._new_sms.body
        )
        self.assertEqual(sms_followup.state, "done")

    def test_step_needs_its_template(self):
        with self.assertRaisesRegex(Exception, "choose its SMS template"):
            self.env["cs.followup.plan.step"].create(
                {
                    "plan_id": self.plan.id,
                    "name": "Bad",
                    "day_offset": 1,
                    "channel": "sms",
                }
            )

    def test_stop_when_customer_replies(self):
        self._invoice(self.customer_en)
        followup = self.customer_en.cs_followup_ids
        followup.message_post(
            body="It works, thanks",
            author_id=self.customer_en.id,
            message_type="comment",
        )
        self.assertEqual((followup.state, followup.stop_reason), ("stopped", "replied"))

    def test_stop_when_ticket_opened(self):
        self._invoice(self.customer_en)
        followup = self.customer_en.cs_followup_ids
        self._ticket("email")
        self.assertEqual((followup.state, followup.stop_reason), ("stopped", "ticket"))

    def test_stop_when_consent_withdrawn(self):
        self._invoice(self.customer_en)
        followup = self._due(self.customer_en.cs_followup_ids)
        patcher, calls = self._refuse_consent(refused=("survey",))
        with patcher, self.assertRaisesRegex(UserError, "not consented to survey"):
            followup.action_cs_run_next_step()
        with patcher, self.mock_mail_gateway():
            __, counters = self.env["cs.followup"]._cs_run_due_batch()
        self.assertEqual(counters["refused"], 1)
        self.assertEqual((followup.state, followup.stop_reason), ("stopped", "consent"))
        self.assertFalse(self._new_mails)

    def test_stop_when_contact_erased(self):
        self._invoice(self.customer_en)
        self._invoice(self.customer_es)
        followup_en = self._due(self.customer_en.cs_followup_ids)
        self.customer_en.active = False
        __, counters = self.env["cs.followup"]._cs_run_due_batch()
        self.assertEqual(counters["stopped"], 1)
        self.assertEqual(
            (followup_en.state, followup_en.stop_reason), ("stopped", "erased")
        )

        followup_es = self.customer_es.cs_followup_ids
        export = self.env["cs.followup"]._cs_gdpr_export(self.customer_es)
        self.assertEqual(export[0]["plan"], "After a sale")
        result = self.env["cs.followup"]._cs_gdpr_erase(self.customer_es, dry_run=True)
        self.assertEqual(result, {"changed": 1, "kept": []})
        self.assertTrue(followup_es.exists())
        self.env["cs.followup"]._cs_gdpr_erase(self.customer_es)
        self.assertFalse(followup_es.exists())

    def test_closed_ticket_and_enrolment_trigger_plans(self):
        ticket = self._ticket("phone")
        ticket.with_context(cs_farewell_checked=True).stage_id = self.stage_done
        followup = self.customer_en.cs_followup_ids
        self.assertEqual(
            followup.plan_id,
            self.env.ref("customer_service.cs_followup_plan_after_ticket"),
        )
        self.assertEqual(followup.ticket_id, ticket)

        loyalty_plan = self.env["cs.followup.plan"].create(
            {
                "name": "Welcome",
                "trigger": "loyalty",
                "step_ids": [
                    Command.create(
                        {"name": "Welcome call", "day_offset": 1, "channel": "phone"}
                    )
                ],
            }
        )
        self.assertEqual(loyalty_plan.step_ids.purpose, "loyalty")
        self._invoice(self.customer_es)
        card = self.customer_es.action_cs_loyalty_enrol()
        welcome = self.customer_es.cs_followup_ids.filtered(
            lambda f: f.plan_id == loyalty_plan
        )
        self.assertEqual(welcome.card_id, card)

    def test_negative_answer_opens_incident(self):
        invoice = self._invoice(self.customer_en)
        self.customer_en.action_cs_loyalty_enrol()
        followup = self._due(self.customer_en.cs_followup_ids)
        with self.mock_mail_gateway():
            followup.action_cs_run_next_step()
        followup.rating_apply(1, token=followup._cs_answer_token())
        self.assertEqual(followup.satisfaction, "unhappy")
        self.assertTrue(followup.answer_date)
        incident = followup.incident_ticket_id
        self.assertTrue(incident)
        self.assertEqual(incident.cs_invoice_id, invoice)
        self.assertEqual(incident.cs_product_id, self.product)
        self.assertEqual(incident.cs_followup_id, followup)
        self.assertEqual(incident.team_id, self.team)
        self.assertIn("Kettle K-200", incident.name)
        self.assertIn("Dissatisfied", incident.description)
        self.assertIn(
            "We would like to know", incident.description, "history is copied"
        )
        self.assertEqual(
            followup.state, "in_progress", "its own incident does not stop it"
        )
        self.customer_en.invalidate_recordset()
        self.assertEqual(self.customer_en.cs_last_satisfaction, "unhappy")
        self.assertEqual(
            self.customer_en.cs_loyalty_points, 30, "10 enrolment + 20 survey"
        )
        # A second negative answer does not open a second ticket.
        followup._cs_record_answer(fitness="no")
        self.customer_en.invalidate_recordset()
        self.assertEqual(self.customer_en.cs_last_fitness, "no")
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [("cs_followup_id", "=", followup.id)]
            ),
            1,
        )

    def test_answer_typed_by_agent_after_call(self):
        self._invoice(self.customer_en)
        followup = self.customer_en.cs_followup_ids.with_user(self.agent)
        followup.fitness = "no"
        self.assertTrue(followup.answer_date)
        self.assertTrue(followup.incident_ticket_id)
        self.assertEqual(followup.incident_ticket_id.cs_product_id, self.product)

    def test_stop_reasons_in_constant_queries(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Batch {i}", "email": f"b{i}@example.com"} for i in range(30)]
        )
        followups = self.plan._cs_trigger("invoice", partners)
        self.env.invalidate_all()
        with self.assertQueryCount(8):
            reasons = followups._cs_stop_reasons()
        self.assertEqual(reasons, {})

    def test_positive_answer_opens_nothing(self):
        self._invoice(self.customer_en)
        followup = self.customer_en.cs_followup_ids
        followup._cs_record_answer(satisfaction="happy", fitness="yes")
        self.assertFalse(followup.incident_ticket_id)
        incident = followup.action_cs_open_incident()
        self.assertEqual(
            followup.incident_ticket_id, incident, "one click still opens one"
        )
