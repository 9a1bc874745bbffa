import polib

from odoo.tests import BaseCase, tagged
from odoo.tools.misc import file_path

from odoo.addons.mail.tests.common import MockEmail

from ..tools import i18n_scope, sms_length
from .common import CustomerServiceCase

LANGS = ("ca_ES", "eu_ES", "gl_ES")


def load_po(name):
    return polib.pofile(file_path(f"customer_service/i18n/{name}"))


@tagged("post_install", "-at_install")
class TestCoOfficialLanguages(CustomerServiceCase, MockEmail):
    """Ley 10/2025: the customer is answered in Catalan, Basque or Galician when that
    is their language, on every customer-facing text the addon ships."""

    # One customer-facing phrase per language and text, from our ca/eu/gl.po.
    EXPECTED = {
        "ca_ES": {
            "greeting": "bon dia. Li parla ",
            "addressee": "Sra. Montserrat Puig?",
            "subject": "hem rebut la seva reclamació",
            "body": "Hem rebut la seva reclamació",
            "sms": "el seu codi de soci és",
            "survey": "quin grau de satisfacció té amb l'atenció rebuda?",
            "pdf": "Conservi aquest justificant",
            "receipt": "Hem registrat els seus documents amb el codi",
            "letter": "Confirmi que vol rebre",
            "letter_subject": "Confirmi: Comunicacions comercials",
        },
        "eu_ES": {
            "greeting": "naiz. Zertan lagun diezazuket",
            "addressee": "Ane Etxeberria andrea?",
            "subject": "erreklamazioa jaso dugu",
            "body": "Zure erreklamazioa jaso dugu",
            "sms": "hau da zure bazkide-kodea",
            "survey": "zenbateraino zaude gustura jaso duzun arretarekin?",
            "pdf": "Gorde egiaztagiri hau",
            "receipt": "Zure dokumentuak kode honekin erregistratu ditugu",
            "letter": "Berretsi, mesedez, honako hau jaso nahi duzula",
            "letter_subject": "Berretsi, mesedez: Merkataritza-komunikazioak",
        },
        "gl_ES": {
            "greeting": "bos días. Fálalle ",
            "addressee": "Sra. Uxía Castro?",
            "subject": "recibimos a súa reclamación",
            "body": "Recibimos a súa reclamación",
            "sms": "o seu código de socio é",
            "survey": "que grao de satisfacción ten coa atención recibida?",
            "pdf": "Conserve este xustificante",
            "receipt": "Rexistramos os seus documentos co código",
            "letter": "Confirme que desexa recibir",
            "letter_subject": "Confirme: Comunicacións comerciais",
        },
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in LANGS:
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(
            ["customer_service"], list(LANGS), overwrite=True
        )
        cls.customers = {
            code: cls.env["res.partner"].create(
                {
                    "name": name,
                    "email": f"{code.lower()}@example.com",
                    "phone": phone,
                    "lang": code,
                }
            )
            for code, name, phone in (
                ("ca_ES", "Montserrat Puig", "+34 600 000 011"),
                ("eu_ES", "Ane Etxeberria", "+34 600 000 012"),
                ("gl_ES", "Uxía Castro", "+34 600 000 013"),
            )
        }
        mrs = cls.env.ref("customer_service.address_form_mrs")
        for partner in cls.customers.values():
            partner.cs_address_form_id = mrs
        cls._cs_consent_not_required("commercial")

    def test_base_language_file_serves_the_regional_code(self):
        """Odoo reads i18n/ca.po for ca_ES (its base): no ca_ES.po is needed."""
        protocol = self.env.ref("customer_service.protocol_phone")
        for code in LANGS:
            greeting = protocol.with_context(lang=code).greeting
            self.assertNotEqual(greeting, protocol.with_context(lang="en_US").greeting)

    def test_greeting_in_the_customer_language(self):
        protocol = self.env.ref("customer_service.protocol_phone")
        for code, partner in self.customers.items():
            ticket = self._ticket("phone", partner=partner)
            text = protocol._render_script("greeting", ticket)
            self.assertIn(self.EXPECTED[code]["greeting"], text)
            self.assertIn(self.company.name, text)
            # The form of address is translated, and Basque puts it after the name.
            self.assertIn(self.EXPECTED[code]["addressee"], text)

    def test_mail_template_in_the_customer_language(self):
        template = self.env.ref("customer_service.cs_complaint_ack_mail_template")
        for code, partner in self.customers.items():
            ticket = self._ticket("email", partner=partner)
            values = template._generate_template(ticket.ids, ["subject", "body_html"])
            self.assertIn(self.EXPECTED[code]["subject"], values[ticket.id]["subject"])
            self.assertIn(self.EXPECTED[code]["body"], values[ticket.id]["body_html"])

    def test_sms_template_in_the_customer_language(self):
        template = self.env.ref("customer_service.sms_template_cs_membership_card")
        program = self.env["loyalty.program"].create(
            {"name": "Club Acme", "program_type": "loyalty"}
        )
        for code, partner in self.customers.items():
            card = self.env["loyalty.card"].create(
                {"program_id": program.id, "partner_id": partner.id}
            )
            body = template._render_field("body", card.ids, compute_lang=True)[card.id]
            self.assertIn(self.EXPECTED[code]["sms"], body)
            self.assertIn(card.code, body)

    def test_survey_in_the_customer_language(self):
        question = self.env.ref("customer_service.survey_cs_q_csat")
        rule = self.env.ref("customer_service.cs_survey_rule_ticket_closed")
        for code, partner in self.customers.items():
            self.assertIn(
                self.EXPECTED[code]["survey"], question.with_context(lang=code).title
            )
            # The survey page opens in the answer's language, set from the customer.
            answer = rule._cs_create_answer(
                self._ticket("email", partner=partner), "email"
            )
            self.assertEqual(answer.lang_id.code, code)

    def test_pdf_in_the_customer_language(self):
        intake_type = self.env.ref("customer_service.cs_document_type_other")
        for code, partner in self.customers.items():
            intake = self.env["cs.intake"].create(
                {
                    "partner_id": partner.id,
                    "channel_id": self.channels["in_person"].id,
                    "document_type_id": intake_type.id,
                    "team_id": self.team.id,
                }
            )
            html, _kind = self.env["ir.actions.report"]._render_qweb_html(
                "customer_service.report_cs_intake_receipt", intake.ids
            )
            self.assertIn(self.EXPECTED[code]["pdf"], html.decode())
            # The receipt's covering message is the customer's too, whoever sends it.
            with self.mock_mail_gateway():
                intake.with_context(lang="en_US").action_cs_send_receipt()
            message = intake.message_ids[0]
            self.assertIn(self.EXPECTED[code]["receipt"], message.body)
            self.assertIn(intake.name, message.subject)
            self.assertNotIn("Entry receipt", message.subject)

    def test_letter_in_the_customer_language_not_the_agent(self):
        """The agent works in English; the opt-in letter goes out in the contact's."""
        for code, partner in self.customers.items():
            consent = partner.with_context(lang="en_US")._cs_request_opt_in(
                "commercial"
            )
            message = consent.proof_message_id
            self.assertIn(self.EXPECTED[code]["letter"], message.body)
            self.assertEqual(message.subject, self.EXPECTED[code]["letter_subject"])

    def test_every_customer_facing_entry_is_translated(self):
        """A customer-facing string cannot ship without Catalan, Basque and Galician."""
        pot = load_po("customer_service.pot")
        wanted = i18n_scope.customer_entries(pot)
        self.assertGreater(len(wanted), 300)
        for lang in i18n_scope.CO_OFFICIAL_LANGS:
            po = {entry.msgid: entry for entry in load_po(f"{lang}.po")}
            for source in wanted:
                with self.subTest(lang=lang, msgid=source.msgid[:60]):
                    entry = po.get(source.msgid)
                    self.assertTrue(entry and entry.msgstr.strip(), "untranslated")
                    self.assertEqual(
                        i18n_scope.markup_signature(entry.msgstr),
                        i18n_scope.markup_signature(source.msgid),
                        "placeholders, QWeb attributes or tags differ from the source",
                    )

    def test_sms_scripts_stay_in_gsm7_where_spanish_does(self):
        """GSM-7 gives 160 characters per SMS, UCS-2 only 70: a translation must not
        double the cost of an SMS the Spanish wording keeps in GSM-7."""
        pot = load_po("customer_service.pot")
        es = {entry.msgid: entry.msgstr for entry in load_po("es.po")}
        sms_ids = [
            entry.msgid
            for entry in i18n_scope.customer_entries(pot)
            if any(
                path.startswith("model:sms.template,") or "protocol_sms" in path
                for path, _line in entry.occurrences
            )
        ]
        self.assertGreaterEqual(len(sms_ids), 7)
        for lang in i18n_scope.CO_OFFICIAL_LANGS:
            po = {entry.msgid: entry.msgstr for entry in load_po(f"{lang}.po")}
            for msgid in sms_ids:
                if sms_length.sms_encoding(es.get(msgid) or msgid) != sms_length.GSM7:
                    continue
                with self.subTest(lang=lang, msgid=msgid[:60]):
                    self.assertEqual(
                        sms_length.sms_encoding(po[msgid]), sms_length.GSM7
                    )


class TestI18nScopeTools(BaseCase):
    """tools/i18n_scope.py: which .pot references reach the customer."""

    def test_customer_references(self):
        is_customer = i18n_scope.is_customer_reference
        self.assertTrue(
            is_customer(
                "model:mail.template,subject:customer_service.cs_complaint_ack_mail_template"
            )
        )
        self.assertFalse(
            is_customer(
                "model:mail.template,name:customer_service.cs_complaint_ack_mail_template"
            )
        )
        self.assertTrue(
            is_customer(
                "model:cs.service.protocol,farewell_informal:customer_service.protocol_sms"
            )
        )
        self.assertFalse(
            is_customer("model:cs.service.protocol,name:customer_service.protocol_sms")
        )
        self.assertTrue(
            is_customer(
                "model_terms:ir.ui.view,arch_db:customer_service.portal_my_privacy"
            )
        )
        self.assertFalse(
            is_customer(
                "model_terms:ir.ui.view,arch_db:customer_service.cs_intake_view_form"
            )
        )
        self.assertTrue(
            is_customer("code:addons/customer_service/controllers/intake.py:0")
        )
        self.assertFalse(
            is_customer("code:addons/customer_service/models/cs_escalation_rule.py:0")
        )
        self.assertTrue(
            i18n_scope.is_customer_facing(
                "Please confirm: %(purpose)s",
                ["code:addons/customer_service/models/res_partner_gdpr.py:0"],
            )
        )

    def test_sync_keeps_translations_adds_missing_drops_obsolete(self):
        pot = polib.POFile()
        for msgid, refs in (
            ("Hello", [("model:sms.template,body:customer_service.t1", "")]),
            ("Internal", [("model:ir.model.fields,field_description:x.y", "")]),
            (
                "Shared",
                [
                    (
                        "model_terms:ir.ui.view,arch_db:customer_service.portal_my_privacy",
                        "",
                    ),
                    (
                        "model_terms:ir.ui.view,arch_db:customer_service.cs_intake_view_form",
                        "",
                    ),
                ],
            ),
        ):
            pot.append(polib.POEntry(msgid=msgid, msgstr="", occurrences=refs))
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Hello", msgstr="Hola"))
        po.append(polib.POEntry(msgid="Gone", msgstr="Desaparegut"))
        missing, dropped = i18n_scope.sync_po(pot, po, polib.POEntry)
        self.assertEqual(missing, ["Shared"])
        self.assertEqual(dropped, ["Gone"])
        self.assertEqual([entry.msgid for entry in po], ["Hello", "Shared"])
        self.assertEqual(po.find("Hello").msgstr, "Hola")
        # Only the customer-facing view gets the term: the internal form keeps its own.
        self.assertEqual(
            [path for path, _line in po.find("Shared").occurrences],
            ["model_terms:ir.ui.view,arch_db:customer_service.portal_my_privacy"],
        )

    def test_addressee_order(self):
        self.assertEqual(
            i18n_scope.addressee("Sra.", "Montserrat Puig", "ca_ES"),
            "Sra. Montserrat Puig",
        )
        self.assertEqual(
            i18n_scope.addressee("andrea", "Ane Etxeberria", "eu_ES"),
            "Ane Etxeberria andrea",
        )
        self.assertEqual(i18n_scope.addressee("", "Sam Lee", "eu_ES"), "Sam Lee")

    def test_markup_signature(self):
        source = 'Dear <t t-out="object.name"/>, ref {{ object.number }} %(code)s'
        self.assertEqual(
            i18n_scope.markup_signature(source),
            i18n_scope.markup_signature(
                'Benvolgut/da <t t-out="object.name"/>, %(code)s '
                "ref. {{ object.number }}"
            ),
        )
        self.assertNotEqual(
            i18n_scope.markup_signature(source),
            i18n_scope.markup_signature(
                "Benvolgut/da, ref {{ object.number }} %(code)s"
            ),
        )
        self.assertNotEqual(
            i18n_scope.markup_signature(source),
            i18n_scope.markup_signature(
                'Dear <t t-out="object.name"/>, {{ number }} %(code)s'
            ),
        )
