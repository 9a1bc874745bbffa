from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestGreetingFarewell(CustomerServiceCase, SMSCase, MockEmail):
    def _notes(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )

    def _greet_as(self, ticket, user, **values):
        """Greet as ``user``; a written greeting is confirmed in its wizard."""
        wizard = self._greet(ticket, user, **values)
        if wizard and not isinstance(wizard, dict):
            wizard.action_confirm()
            return None
        return wizard

    def _move_by_hand(self, ticket, user, stage):
        """Change the stage as the agent does in the form (the web client saves)."""
        form = Form(ticket.with_user(user))
        form.stage_id = stage
        return form.save()

    def test_phone_greeting_is_logged_as_said_and_records_first_contact(self):
        ticket = self._ticket("phone", partner=self.customer_es)
        self.assertFalse(ticket.cs_first_contact_date)
        with self.mock_mail_gateway():
            self.assertIsNone(self._greet_as(ticket, self.agent))
        self.assertFalse(self._new_mails, "a phone greeting sends nothing")
        note = self._notes(ticket)[:1]
        self.assertIn("Acme Servicios", note.body)
        self.assertIn("Greeting said to the customer", note.body)
        self.assertTrue(ticket.cs_first_contact_date)
        self.assertEqual(ticket.cs_first_contact_user_id, self.agent)
        self.assertGreaterEqual(ticket.cs_first_response_hours, 0)

    def test_in_person_greeting_is_logged(self):
        ticket = self._ticket("in_person")
        self._greet_as(ticket, self.agent)
        self.assertIn("Welcome to Acme Servicios", self._notes(ticket)[:1].body)
        self.assertTrue(ticket.cs_first_contact_date)

    def test_chat_greeting_is_posted_to_the_customer(self):
        ticket = self._ticket("chat")
        with self.mock_mail_gateway():
            self._greet_as(ticket, self.agent)
        comment = ticket.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_comment")
        )[:1]
        self.assertIn("I'm Ana Agente from Acme Servicios", comment.body)
        self.assertIn(self.customer_en, comment.notified_partner_ids)
        self.assertTrue(ticket.cs_first_contact_date)

    def test_sms_greeting_is_sent_by_sms(self):
        ticket = self._ticket("sms", partner=self.customer_es)
        with self.mockSMSGateway():
            self._greet_as(ticket, self.agent)
        self.assertEqual(len(self._new_sms), 1)
        self.assertIn(ticket.number, self._new_sms.body)
        self.assertEqual(self._new_sms.partner_id, self.customer_es)
        self.assertTrue(ticket.cs_first_contact_date)

    def test_sms_without_phone_is_refused_and_nothing_recorded(self):
        ticket = self._ticket("sms", partner=self.customer_plain)
        with (
            self.mockSMSGateway(),
            self.assertRaisesRegex(UserError, "no valid phone number"),
        ):
            self._greet_as(ticket, self.agent)
        self.assertFalse(ticket.cs_first_contact_date)

    def test_email_greeting_opens_prefilled_composer_and_sending_records_contact(self):
        ticket = self._ticket("email", partner=self.customer_en)
        action = self._greet_as(ticket, self.agent)
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertIn("Dear Mr. John Smith", action["context"]["default_body"])
        self.assertFalse(ticket.cs_first_contact_date, "not sent yet")
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.agent)
            .with_context(**action["context"])
        )
        with self.mock_mail_gateway():
            composer.save()._action_send_mail()
        self.assertSentEmail(self.agent.partner_id, [self.customer_en])
        self.assertTrue(ticket.cs_first_contact_date)
        self.assertEqual(ticket.cs_first_contact_user_id, self.agent)

    def test_greeting_longer_than_channel_allows_is_refused(self):
        ticket = self._ticket("chat")
        self.channels["chat"].cs_max_length = 30
        with self.assertRaisesRegex(
            UserError, r"too long for the channel Chat: it is \d+ characters over"
        ):
            self._greet_as(ticket, self.agent)
        self.assertFalse(ticket.cs_first_contact_date)
        self.assertFalse(
            self._notes(ticket).filtered(lambda m: "Chat" in (m.body or ""))
        )

    def test_ticket_without_channel_or_protocol(self):
        ticket = self._ticket("chat", channel_id=False)
        with self.assertRaisesRegex(UserError, "has no channel"):
            self._greet_as(ticket, self.agent)
        empty = self.env["helpdesk.ticket.channel"].create(
            {"name": "Fax", "cs_kind": "other"}
        )
        ticket.channel_id = empty
        with self.assertRaisesRegex(
            UserError, "No service protocol applies to channel Fax"
        ):
            self._greet_as(ticket, self.agent)

    def test_closing_without_farewell_is_refused(self):
        ticket = self._ticket("chat")
        with self.assertRaisesRegex(UserError, "cannot be closed yet"):
            self._move_by_hand(ticket, self.agent, self.stage_done)
        self.assertEqual(ticket.stage_id, self.stage_new)
        # Moving between open stages stays free.
        self._move_by_hand(ticket, self.agent, self.stage_progress)
        self.assertEqual(ticket.stage_id, self.stage_progress)

    def _wizard(self, ticket, user, **values):
        action = ticket.with_user(user).action_cs_open_farewell()
        form = Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_farewell_check_must_be_confirmed(self):
        ticket = self._ticket("chat")
        wizard = self._wizard(ticket, self.agent, demand_resolved=True)
        with self.assertRaisesRegex(UserError, "confirm both points"):
            wizard.action_confirm()
        self.assertFalse(ticket.closed)

    def test_farewell_closes_and_is_posted(self):
        ticket = self._ticket("chat")
        wizard = self._wizard(
            ticket, self.agent, demand_resolved=True, more_info_offered=True
        )
        self.assertEqual(wizard.stage_id, self.stage_done)
        self.assertIn("Is there anything else I can do for you?", wizard.farewell)
        with self.mock_mail_gateway():
            wizard.action_confirm()
        self.assertTrue(ticket.closed)
        self.assertTrue(ticket.cs_farewell_done)
        self.assertTrue(ticket.cs_farewell_date)
        self.assertIn(
            "Is there anything else",
            ticket.message_ids.filtered(lambda m: m.message_type == "comment")[:1].body,
        )
        # Reopening asks for a new farewell next time.
        ticket.stage_id = self.stage_progress
        self.assertFalse(ticket.cs_farewell_done)
        with self.assertRaises(UserError):
            self._move_by_hand(ticket, self.agent, self.stage_done)

    def test_farewell_on_phone_is_logged_and_too_long_farewell_refused(self):
        ticket = self._ticket("phone")
        wizard = self._wizard(
            ticket, self.agent, demand_resolved=True, more_info_offered=True
        )
        wizard.action_confirm()
        self.assertIn("Farewell said to the customer", self._notes(ticket)[:1].body)
        sms_ticket = self._ticket("sms", partner=self.customer_es)
        wizard = self._wizard(
            sms_ticket,
            self.agent,
            demand_resolved=True,
            more_info_offered=True,
            farewell="Gracias 🙂 " * 40,
        )
        with (
            self.mockSMSGateway(),
            self.assertRaisesRegex(UserError, "SMS parts over the limit of 2"),
        ):
            wizard.action_confirm()
        self.assertFalse(sms_ticket.closed)
        self.assertFalse(self._new_sms)

    def test_supervisor_may_skip_with_a_logged_reason(self):
        ticket = self._ticket("chat")
        wizard = self._wizard(
            ticket, self.supervisor, skip_check=True, skip_reason="Customer hung up"
        )
        wizard.action_confirm()
        self.assertTrue(ticket.closed)
        self.assertFalse(ticket.cs_farewell_done)
        note = self._notes(ticket)[:1]
        self.assertIn("Farewell check skipped by Sergio Supervisor", note.body)
        self.assertIn("Customer hung up", note.body)

    def test_agent_may_not_skip(self):
        ticket = self._ticket("chat")
        wizard = (
            self.env["cs.farewell.wizard"]
            .with_user(self.agent)
            .create({"ticket_id": ticket.id, "skip_check": True, "skip_reason": "Lazy"})
        )
        self.assertFalse(wizard.is_supervisor)
        with self.assertRaisesRegex(UserError, "Only supervisors"):
            wizard.action_confirm()
        self.assertFalse(ticket.closed)

    def test_skip_needs_a_reason(self):
        ticket = self._ticket("chat")
        wizard = (
            self.env["cs.farewell.wizard"]
            .with_user(self.supervisor)
            .create({"ticket_id": ticket.id, "skip_check": True, "skip_reason": "  "})
        )
        with self.assertRaisesRegex(UserError, "Say why"):
            wizard.action_confirm()
        self.assertFalse(ticket.closed)

    def test_errors_are_translated(self):
        ticket = self._ticket("chat")
        with self.assertRaisesRegex(UserError, "no se puede cerrar todavía"):
            self._move_by_hand(
                ticket.with_context(lang="es_ES"), self.agent, self.stage_done
            )

    def test_duplicate_closes_without_farewell(self):
        original = self._ticket("chat")
        duplicate = self._ticket("chat")
        wizard = (
            self.env["helpdesk.ticket.duplicate.wizard"]
            .with_user(self.supervisor)
            .create(
                {
                    "ticket_id": duplicate.id,
                    "duplicate_of_id": original.id,
                    "target_stage_id": self.stage_done.id,
                }
            )
        )
        wizard.action_confirm()
        self.assertTrue(duplicate.closed)
        self.assertFalse(original.closed)
