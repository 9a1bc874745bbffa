from odoo.exceptions import UserError, ValidationError
from odoo.tests import BaseCase, Form, HttpCase, tagged

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import SMSCase

from ..tools.protocol_match import script_for_register
from ..tools.sms_length import (
    named_ucs2_characters,
    quoted_character,
    ucs2_characters,
)
from .common import CustomerServiceCase


@tagged("at_install", "-post_install", "cs_tools")
class TestUcs2Naming(BaseCase):
    def test_characters_outside_gsm7_are_named_once_in_order(self):
        self.assertEqual(ucs2_characters("¿Necesitas algo más? Sí, más."), ["á", "í"])
        self.assertEqual(ucs2_characters("Mañana, señor Müller: 5 € {ok}"), [])
        self.assertEqual(ucs2_characters(""), [])
        self.assertEqual(ucs2_characters(None), [])
        self.assertEqual(ucs2_characters("Gracias 🙂"), ["🙂"])

    def test_invisible_characters_are_named_by_code_point(self):
        self.assertEqual(quoted_character("á"), "“á”")
        self.assertEqual(quoted_character("\u00a0"), "U+00A0")
        self.assertEqual(quoted_character("\t"), "U+0009")
        self.assertEqual(quoted_character("\u200b"), "U+200B")
        self.assertEqual(
            named_ucs2_characters("Copiado de Word:\u00a0“hola”"),
            ["U+00A0", "““”", "“””"],
        )

    def test_script_for_register(self):
        self.assertEqual(script_for_register("formal", "usted", "tú"), "usted")
        self.assertEqual(script_for_register("informal", "usted", "tú"), "tú")
        # A protocol written before it had tú scripts is said as it is.
        self.assertEqual(script_for_register("informal", "usted", None), "usted")
        self.assertEqual(script_for_register("informal", "usted", ""), "usted")


@tagged("post_install", "-at_install")
class TestAgentAndRegister(CustomerServiceCase, SMSCase, MockEmail):
    def _farewell_wizard(self, ticket, user, **values):
        action = ticket.with_user(user).action_cs_open_farewell()
        form = Form(
            self.env["cs.farewell.wizard"]
            .with_user(user)
            .with_context(**action["context"])
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    # --- The agent who greets or closes is named ---------------------------

    def test_greeting_names_the_agent_who_greets_not_the_assignee(self):
        ticket = self._ticket("sms", partner=self.customer_es, user=self.supervisor)
        with self.mockSMSGateway():
            self._greet(ticket, self.agent).action_confirm()
        self.assertIn("Te atiende Ana Agente", self._new_sms.body)
        self.assertNotIn("Sergio", self._new_sms.body)
        self.assertEqual(ticket.cs_first_contact_user_id, self.agent)
        # Said aloud: the note names the agent too.
        phone = self._ticket("phone", partner=self.customer_en, user=self.supervisor)
        phone.with_user(self.agent).action_cs_greet()
        note = phone.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )[:1]
        self.assertIn("You are speaking with Ana Agente", note.body)
        self.assertNotIn("Sergio", note.body)

    def test_farewell_names_the_agent_who_closes(self):
        ticket = self._ticket("email", partner=self.customer_en, user=self.supervisor)
        wizard = self._farewell_wizard(ticket, self.agent)
        self.assertIn("Ana Agente", wizard.farewell)
        self.assertNotIn("Sergio", wizard.farewell)
        # The preview on the ticket names whoever looks at it, who would say it.
        self.assertIn(
            "Sergio Supervisor",
            ticket.with_user(self.supervisor).cs_farewell_preview,
        )

    # --- The channel's register chooses the script ---------------------------

    def test_sms_follows_the_channel_register_in_spanish_and_english(self):
        sms = self.channels["sms"]
        es_ticket = self._ticket("sms", partner=self.customer_es).with_user(self.agent)
        en_ticket = self._ticket("sms", partner=self.customer_en).with_user(self.agent)
        self.assertEqual(sms.cs_register, "informal")
        tu = es_ticket.cs_greeting_preview
        self.assertIn("Hemos recibido tu solicitud", tu)
        self.assertIn("Te atiende Ana Agente", tu)
        self.assertIn("we got your request", en_ticket.cs_greeting_preview)
        sms.cs_register = "formal"
        self.env.invalidate_all()
        usted = es_ticket.cs_greeting_preview
        self.assertIn("Hemos recibido su solicitud", usted)
        self.assertIn("Le atiende Ana Agente", usted)
        self.assertIn("Dña. Lucía Martínez", usted)
        self.assertNotIn(" tu ", usted)
        self.assertIn("we have received your request", en_ticket.cs_greeting_preview)
        # What is sent is what the register says.
        with self.mockSMSGateway():
            self._greet(es_ticket, self.agent).action_confirm()
        self.assertIn("Hemos recibido su solicitud", self._new_sms.body)
        wizard = self._farewell_wizard(es_ticket, self.agent)
        self.assertIn(
            "¿Necesita alguna otra cosa? Responda a este SMS.", wizard.farewell
        )

    def test_formal_channel_switched_to_tu(self):
        phone = self.channels["phone"]
        ticket = self._ticket("phone", partner=self.customer_es).with_user(self.agent)
        self.assertIn("¿En qué puedo ayudarle", ticket.cs_greeting_preview)
        phone.cs_register = "informal"
        self.env.invalidate_all()
        self.assertIn(
            "¿En qué te puedo ayudar, Lucía Martínez?", ticket.cs_greeting_preview
        )
        self.assertIn("¿Te puedo ayudar en algo más?", ticket.cs_farewell_preview)

    def test_every_shipped_protocol_has_both_registers_in_both_languages(self):
        for kind, channel in self.channels.items():
            for register in ("formal", "informal"):
                channel.cs_register = register
                texts = {}
                for partner, lang in (
                    (self.customer_en, "en_US"),
                    (self.customer_es, "es_ES"),
                ):
                    ticket = self._ticket(kind, partner=partner)
                    protocol = ticket.cs_protocol_id
                    for field_name in ("greeting", "farewell"):
                        text = protocol._render_script(field_name, ticket)
                        self.assertTrue(text.strip())
                        self.assertNotIn("{{", text, f"{kind}/{register}/{lang}")
                        texts[lang, field_name] = text
                for field_name in ("greeting", "farewell"):
                    self.assertNotEqual(
                        texts["en_US", field_name],
                        texts["es_ES", field_name],
                        f"{kind} {register} {field_name} is not translated",
                    )
                channel.invalidate_recordset()
            # The two registers say different things.
            ticket = self._ticket(kind, partner=self.customer_es)
            protocol = ticket.cs_protocol_id
            for field_name in ("greeting", "farewell"):
                es = protocol.with_context(lang="es_ES")
                self.assertNotEqual(
                    es[field_name], es[f"{field_name}_informal"], f"{kind} {field_name}"
                )

    def test_protocol_without_tu_scripts_is_refused_on_a_tu_channel(self):
        values = {
            "name": "SMS without tú",
            "channel_id": self.channels["sms"].id,
            "greeting": "Hola, soy {{ object.cs_agent_name }}",
            "farewell": "Adiós",
        }
        Protocol = self.env["cs.service.protocol"]
        with self.assertRaisesRegex(
            ValidationError, "does not match the register of channel SMS"
        ):
            Protocol.create(values)
        with self.assertRaisesRegex(ValidationError, "no coincide con el trato"):
            Protocol.with_context(lang="es_ES").create(values)
        protocol = Protocol.create(
            dict(
                values,
                greeting_informal="Hola, soy {{ object.cs_agent_name }}",
                farewell_informal="Chao",
            )
        )
        with self.assertRaisesRegex(ValidationError, "Farewell \\(tú\\)"):
            protocol.farewell_informal = False
        # Moving a usted-only protocol to a tú channel is refused too.
        phone_only = Protocol.create(
            dict(values, channel_id=self.channels["phone"].id, name="Phone usted")
        )
        with self.assertRaisesRegex(ValidationError, "does not match"):
            phone_only.channel_id = self.channels["chat"]

    def test_channel_cannot_switch_to_tu_while_a_protocol_lacks_it(self):
        phone = self.channels["phone"]
        self.env["cs.service.protocol"].create(
            {
                "name": "Phone, usted only",
                "channel_id": phone.id,
                "greeting": "Buenos días, soy {{ object.cs_agent_name }}",
                "farewell": "Adiós",
            }
        )
        with self.assertRaisesRegex(
            ValidationError,
            "Channel Phone cannot address customers as tú yet: its protocols "
            "Phone, usted only have no tú greeting",
        ):
            phone.cs_register = "informal"
        # Back to usted is always possible: every protocol has usted scripts.
        self.channels["sms"].cs_register = "formal"

    def test_tu_scripts_are_checked_like_the_others(self):
        with self.assertRaisesRegex(ValidationError, "unknown placeholders"):
            self.env["cs.service.protocol"].create(
                {
                    "name": "Bad tú",
                    "channel_id": self.channels["chat"].id,
                    "greeting": "Hola",
                    "farewell": "Adiós",
                    "greeting_informal": "Hola {{ object.partner_id.vat }}",
                    "farewell_informal": "Chao",
                }
            )

    # --- Greeting wizard and the length of SMS -------------------------------

    def test_sms_greeting_is_reviewed_and_sent_as_adapted(self):
        ticket = self._ticket("sms", partner=self.customer_es)
        wizard = self._greet(ticket, self.agent)
        self.assertEqual(
            wizard.greeting, ticket.with_user(self.agent).cs_greeting_preview
        )
        self.assertEqual(wizard.channel_length_unit, "sms_segment")
        self.assertEqual(wizard.channel_max_length, 2)
        self.assertFalse(ticket.cs_first_contact_date, "nothing sent yet")
        wizard.greeting = "Acme: hola, Lucía. Te llamo en 5 minutos."
        with self.mockSMSGateway():
            wizard.action_confirm()
        self.assertEqual(
            self._new_sms.body, "Acme: hola, Lucía. Te llamo en 5 minutos."
        )
        self.assertTrue(ticket.cs_first_contact_date)
        empty = self._greet(self._ticket("chat"), self.agent)
        empty.greeting = "  "
        with self.assertRaisesRegex(UserError, "Write the greeting"):
            empty.action_confirm()

    def test_sms_greeting_without_phone_is_refused_before_the_wizard(self):
        ticket = self._ticket("sms", partner=self.customer_plain)
        with self.assertRaisesRegex(UserError, "no valid phone number"):
            ticket.with_user(self.agent).action_cs_greet()

    def test_too_long_sms_names_the_characters_that_switch_to_unicode(self):
        ticket = self._ticket("sms", partner=self.customer_es)
        wizard = self._farewell_wizard(
            ticket,
            self.agent,
            demand_resolved=True,
            more_info_offered=True,
            farewell="¿Necesitas algo más? " + "Gracias por confiar en nosotros. " * 5,
        )
        with (
            self.mockSMSGateway(),
            self.assertRaisesRegex(
                UserError,
                "SMS parts over the limit of 2. Shorten it and try again. The "
                "character “á” switches the message to Unicode \\(UCS-2\\): 70 "
                "characters per SMS instead of 160.",
            ),
        ):
            wizard.action_confirm()
        self.assertFalse(ticket.closed)
        with self.assertRaisesRegex(
            UserError,
            "Los caracteres “í”, “á” y “ó” pasan el mensaje a Unicode",
        ):
            self.channels["sms"].with_context(lang="es_ES")._cs_check_length(
                "Sí, está en camino: ¿algo más? " * 10 + "adiós"
            )
        # Long GSM-7 text is refused without a word on Unicode.
        with self.assertRaises(UserError) as caught:
            self.channels["sms"]._cs_check_length("a" * 400)
        self.assertNotIn("Unicode", str(caught.exception))


@tagged("post_install", "-at_install")
class TestDemoAgents(CustomerServiceCase):
    def test_every_demo_ticket_has_a_real_agent(self):
        data = self.env["ir.model.data"].search([("model", "=", "helpdesk.ticket")])
        tickets = self.env["helpdesk.ticket"].browse(data.mapped("res_id")).exists()
        if not tickets:
            self.skipTest("installed without demo data")
        robots = self.env.ref("base.user_root") | self.env.ref("base.public_user")
        unassigned = tickets.filtered(lambda t: not t.user_id or t.user_id in robots)
        self.assertFalse(
            unassigned,
            "assigned to no one or to OdooBot: " + ", ".join(unassigned.mapped("name")),
        )
        self.assertFalse(tickets.user_id.filtered("share"))
        self.assertGreaterEqual(len(tickets.user_id), 3, "spread over the team")


@tagged("post_install", "-at_install")
class TestMessageLengthTour(CustomerServiceCase, HttpCase):
    def test_counter_follows_what_the_agent_types(self):
        self.agent.password = "cs_agent_pwd"
        ticket = self._ticket("sms", partner=self.customer_es, name="Tour: SMS length")
        # The wizard opened on its own, as the Greet button opens it, independent of
        # the ticket form's layout.
        action = self.env["ir.actions.act_window"].create(
            {
                "name": "Greet by SMS",
                "res_model": "cs.greeting.wizard",
                "view_mode": "form",
                "target": "new",
                "context": repr({"default_ticket_id": ticket.id}),
            }
        )
        self.start_tour(
            f"/odoo/action-{action.id}", "customer_service_sms_length", login="cs_agent"
        )
        self.assertTrue(ticket.cs_first_contact_date)
        self.assertIn(
            "Hola Lucia, te llamo a las 5.",
            "".join(ticket.message_ids.mapped("body")),
        )
        # The same counter in Spanish, for a Spanish agent.
        self.agent.lang = "es_ES"
        ticket = self._ticket("sms", partner=self.customer_es, name="Tour: SMS (es)")
        action.context = repr({"default_ticket_id": ticket.id})
        self.start_tour(
            f"/odoo/action-{action.id}",
            "customer_service_sms_length_es",
            login="cs_agent",
        )
