from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestProtocol(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Protocol = cls.env["cs.service.protocol"]
        # These tests are about the usted scripts; the register has its own class.
        cls.channels["chat"].cs_register = "formal"
        # These tests are about placeholders: the agent's name on live channels
        # (Ley 10/2025) has its own class, TestProtocolNamesAgent.
        cls.channels["chat"].cs_synchronous = False
        cls.channels["phone"].cs_synchronous = False

    def _protocol(self, **values):
        vals = {
            "name": "Test protocol",
            "channel_id": self.channels["chat"].id,
            "greeting": "Hello {{ object.cs_addressee }}",
            "farewell": "Anything else, {{ object.cs_customer_name }}?",
        }
        vals.update(values)
        return self.Protocol.create(vals)

    def test_every_channel_has_a_shipped_protocol_that_renders_in_both_languages(self):
        for kind, channel in self.channels.items():
            for partner, lang in (
                (self.customer_en, "en_US"),
                (self.customer_es, "es_ES"),
            ):
                ticket = self._ticket(kind, partner=partner)
                protocol = ticket.cs_protocol_id
                self.assertTrue(protocol, f"no protocol for {kind}")
                self.assertEqual(protocol.channel_id, channel)
                for field_name in ("greeting", "farewell"):
                    text = protocol._render_script(field_name, ticket)
                    self.assertNotIn("{{", text, f"{kind}/{lang}/{field_name}")
                    self.assertNotIn("}}", text)
                    self.assertTrue(text.strip())
                    translated = protocol.with_context(lang=lang)[field_name]
                    self.assertNotEqual(
                        translated,
                        protocol.with_context(
                            lang="es_ES" if lang == "en_US" else "en_US"
                        )[field_name],
                        f"{kind} {field_name} is not translated",
                    )
                self.assertEqual(
                    ticket.cs_greeting_preview,
                    protocol._render_script("greeting", ticket),
                )

    def test_placeholders_render_customer_agent_company_reference_and_hours(self):
        ticket = self._ticket("phone", partner=self.customer_en)
        protocol = self._protocol(
            channel_id=self.channels["phone"].id,
            sequence=1,
            team_id=self.team.id,
            greeting="{{ object.cs_salutation }}|{{ object.cs_customer_name }}|"
            "{{ object.cs_agent_name }}|{{ object.company_id.name }}|"
            "{{ object.number }}|{{ object.cs_opening_hours }}",
        )
        self.assertEqual(ticket.cs_protocol_id, protocol)
        # The agent is whoever renders it (greets or closes).
        self.assertEqual(
            protocol.with_user(self.agent)._render_script("greeting", ticket),
            f"Mr.|John Smith|Ana Agente|Acme Servicios|{ticket.number}|"
            "Mon-Fri 08:00-12:00, 13:00-17:00",
        )

    def test_spanish_customer_gets_spanish_address_form_and_day_names(self):
        ticket = self._ticket("phone", partner=self.customer_es)
        protocol = self._protocol(
            channel_id=self.channels["phone"].id,
            team_id=self.team.id,
            greeting="{{ object.cs_addressee }} / {{ object.cs_opening_hours }}",
        )
        self.assertEqual(ticket.cs_protocol_id, protocol)
        text = protocol._render_script("greeting", ticket)
        self.assertEqual(text, "Dña. Lucía Martínez / Lun-Vie 08:00-12:00, 13:00-17:00")

    def test_partner_without_form_of_address(self):
        ticket = self._ticket("chat", partner=self.customer_plain)
        protocol = self._protocol(team_id=self.team.id)
        self.assertEqual(protocol._render_script("greeting", ticket), "Hello Sam Lee")
        ticket.partner_id = False
        ticket.partner_name = "Walk-in visitor"
        self.assertEqual(
            protocol._render_script("greeting", ticket), "Hello Walk-in visitor"
        )

    def test_translated_scripts_follow_customer_language(self):
        protocol = self._protocol(
            team_id=self.team.id, greeting="Hello {{ object.cs_customer_name }}"
        )
        protocol.update_field_translations(
            "greeting", {"es_ES": "Hola {{ object.cs_customer_name }} 👋"}
        )
        es_ticket = self._ticket("chat", partner=self.customer_es)
        en_ticket = self._ticket("chat", partner=self.customer_en)
        self.assertEqual(
            protocol._render_script("greeting", es_ticket), "Hola Lucía Martínez 👋"
        )
        self.assertEqual(
            protocol._render_script("greeting", en_ticket), "Hello John Smith"
        )

    def test_team_and_language_protocols_win(self):
        general = self._protocol(sequence=1)
        spanish = self._protocol(sequence=2, lang="es_ES")
        team = self._protocol(sequence=3, team_id=self.other_team.id)
        es_ticket = self._ticket("chat", partner=self.customer_es)
        en_ticket = self._ticket("chat", partner=self.customer_en)
        other_ticket = self._ticket(
            "chat", partner=self.customer_en, team_id=self.other_team.id
        )
        self.assertEqual(es_ticket.cs_protocol_id, spanish)
        self.assertEqual(en_ticket.cs_protocol_id, general)
        self.assertEqual(other_ticket.cs_protocol_id, team)

    def test_unknown_placeholder_is_refused_on_save(self):
        with self.assertRaisesRegex(
            ValidationError, r"unknown placeholders: object\.partner_id\.vat"
        ):
            self._protocol(greeting="Hello {{ object.partner_id.vat }}")
        protocol = self._protocol()
        with (
            self.assertRaisesRegex(ValidationError, r"object\.env"),
            self.env.cr.savepoint(),
        ):
            protocol.farewell = "Bye {{ object.env }}"
        protocol.invalidate_recordset()
        self.assertEqual(
            protocol.farewell, "Anything else, {{ object.cs_customer_name }}?"
        )

    def test_template_syntax_error_is_refused_on_save(self):
        with self.assertRaisesRegex(ValidationError, "syntax error"):
            self._protocol(greeting="Hello {{ object.cs_customer_name ")
        with self.assertRaisesRegex(ValidationError, "syntax error"):
            self._protocol(farewell="Bye object.number }}")

    def test_placeholder_over_two_lines_is_refused_on_save(self):
        with self.assertRaisesRegex(ValidationError, "split over several lines"):
            self._protocol(greeting="Hello {{ object.cs_addressee\n }}, welcome")
        protocol = self._protocol(greeting="Hello\n{{ object.cs_addressee }}")
        with (
            self.assertRaisesRegex(ValidationError, "split over several lines"),
            self.env.cr.savepoint(),
        ):
            protocol.greeting = "Hello {{\nobject.cs_addressee }}"
        self.assertEqual(protocol.greeting, "Hello\n{{ object.cs_addressee }}")

    def test_bad_translation_is_refused(self):
        protocol = self._protocol()
        with self.assertRaisesRegex(ValidationError, "object.nope"):
            protocol.update_field_translations(
                "greeting", {"es_ES": "Hola {{ object.nope }}"}
            )

    def test_message_length_limits(self):
        chat = self.channels["chat"]
        chat.cs_max_length = 20
        chat._cs_check_length("x" * 19)
        chat._cs_check_length("x" * 20)
        with self.assertRaisesRegex(UserError, "1 characters over the limit of 20"):
            chat._cs_check_length("x" * 21)
        sms = self.channels["sms"]
        sms.cs_max_length = 1
        self.assertEqual(sms.cs_length_unit, "sms_segment")
        sms._cs_check_length("a" * 160)
        with self.assertRaisesRegex(UserError, "1 SMS parts over the limit of 1"):
            sms._cs_check_length("a" * 161)
        sms._cs_check_length("ñ" * 160)
        with self.assertRaisesRegex(UserError, "1 SMS parts over"):
            sms._cs_check_length("á" * 71)
        with self.assertRaisesRegex(UserError, "1 SMS parts over"):
            sms._cs_check_length("Hola 🙂" + "a" * 64)

    def test_channel_defaults_follow_kind(self):
        channel = self.env["helpdesk.ticket.channel"].create(
            {"name": "WhatsApp", "cs_kind": "chat"}
        )
        self.assertTrue(channel.cs_synchronous)
        self.assertEqual(channel.cs_length_unit, "char")
        channel.cs_kind = "sms"
        self.assertFalse(channel.cs_synchronous)
        self.assertEqual(channel.cs_length_unit, "sms_segment")

    def test_protocol_lookup_query_count(self):
        tickets = self.env["helpdesk.ticket"]
        for kind in self.channels:
            tickets |= self._ticket(kind)
        tickets.mapped("cs_protocol_id.name")
        self.env.invalidate_all()
        # The channels' protocols and their names come from a cache keyed on the
        # channels' stamps: the tickets and their channels only (measured: 2).
        with self.assertQueryCount(3):
            tickets.mapped("cs_protocol_id.name")
