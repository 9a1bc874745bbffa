import io
import logging
import subprocess
import tempfile
import time
import zipfile

from odoo.tests import BaseCase, HttpCase, tagged

from ..tools import gdpr_export_layout as layout
from .test_gdpr_erasure import ErasureCase

_logger = logging.getLogger(__name__)

# What a person must never read in their copy: names meant for the database.
TECHNICAL = (
    "cs.consent",
    "helpdesk.ticket",
    "mail.message",
    "ir.attachment",
    "res.partner",
    "ip_address",
    "expiry_date",
    "in_person",
    "privacy_lookup",
)


@tagged("post_install", "-at_install")
class TestGdprExportLayout(BaseCase):
    def test_models_grouped_by_subject_other_last(self):
        groups = layout.group_models(
            ["account.move", "mail.message", "cs.consent", "helpdesk.ticket", "x.y"]
        )
        self.assertEqual(
            groups,
            [
                ("consents", ["cs.consent"]),
                ("tickets", ["helpdesk.ticket", "mail.message"]),
                ("other", ["account.move", "x.y"]),
            ],
        )

    def test_keys_alias_fields_and_hide_identifiers(self):
        self.assertEqual(layout.field_of("cs.consent", "ip_address"), "proof_ip")
        self.assertEqual(layout.field_of("cs.consent", "state"), "state")
        rows = [
            {"id": 1, "model": "x", "a": "", "b": "1"},
            {"id": 2, "model": "x", "a": None, "b": "", "c": [{"d": 1}]},
        ]
        self.assertEqual(layout.visible_keys("x", rows), ["b", "c"])
        self.assertEqual(
            layout.visible_keys("mail.notification", [{"message": 4, "type": "e"}]),
            ["type"],
        )
        self.assertFalse(layout.use_table(["b", "c"], rows))
        self.assertTrue(layout.use_table(["b"], rows[:1]))

    def test_repeated_value_said_once(self):
        rows = [{"survey": "How did we do?", "nps": n, "note": ""} for n in (1, 2, 3)]
        self.assertEqual(layout.common_keys(["survey", "nps"], rows), ["survey"])
        self.assertEqual(layout.common_keys(["survey", "nps"], rows[:2]), [])

    def test_document_reference(self):
        self.assertEqual(
            layout.parse_document_ref("helpdesk.ticket,12"), ("helpdesk.ticket", 12)
        )
        for value in ("", None, "Ticket 12", "helpdesk.ticket,x", "a,b,c", "x,1"):
            self.assertIsNone(layout.parse_document_ref(value))


class LetterCase(ErasureCase):
    def _letter_html(self, request):
        """The letter as the person gets it (HTML: tests render no PDF)."""
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        return archive, archive.read("personal_data.pdf").decode()

    def _assert_no_technical_names(self, text):
        for name in TECHNICAL:
            self.assertNotIn(name, text)


@tagged("post_install", "-at_install")
class TestGdprExportLetter(LetterCase):
    def test_english_letter_reads_as_words(self):
        self.person.lang = "en_US"
        archive, html = self._letter_html(self._request("access"))
        for text in (
            "Your personal data",
            "Your contact details",
            "Your consents",
            "Your tickets and messages",
            "Your documents",
            "Your requests",
            # labels of fields and selections, not keys and codes
            "IP Address",
            "Collected Through",
            "Web (portal)",
            "Given",
            "Refund for order 55",
            "Helpdesk Ticket: ",
            # Art. 15(1): purposes, legal basis, retention, recipients, source, rights
            "Commercial communications",
            "Consent (Art. 6(1)(a))",
            "Contract (Art. 6(1)(b))",
            "months after your last contact with us",
            "Who receives your data",
            "Where your data comes from",
            "Rectification",
            "Erasure",
            "Restriction",
            "Objection",
            "Portability",
            "AEPD",
            "/my/privacy",
            "dpo@example.com",
        ):
            self.assertIn(text, html)
        self._assert_no_technical_names(html)
        # The machine-readable part keeps its keys and codes (Art. 20).
        payload = archive.read("personal_data.json").decode()
        self.assertIn('"ip_address": "192.0.2.1"', payload)
        self.assertIn("csv/cs.consent.csv", archive.namelist())

    def test_spanish_customer_reads_spanish(self):
        self.person.lang = "es_ES"
        _archive, html = self._letter_html(self._request("access"))
        for text in (
            "Sus datos personales",
            "Sus consentimientos",
            "Sus tickets y mensajes",
            "Sus documentos",
            "Otorgado",
            "Dirección IP",
            "Comunicaciones comerciales",
            "Quién recibe sus datos",
            "Agencia Española de Protección de Datos",
        ):
            self.assertIn(text, html)
        for english in ("Your consents", "Who receives your data", "Given"):
            self.assertNotIn(english, html)
        self._assert_no_technical_names(html)

    def test_chatter_line_names_what_in_words(self):
        request = self._request("access")
        request.action_export()
        note = request.message_ids.filtered(
            lambda m: "Export produced" in (m.body or "")
        ).body
        self.assertIn("Consents: 1", note)
        self.assertIn("Tickets: 1", note)
        self.assertIn("Messages: ", note)
        self._assert_no_technical_names(note)

    def test_dry_run_notifies_in_words(self):
        request = self._request("erasure")
        action = request.action_erasure_dry_run()
        self.assertEqual(action["tag"], "display_notification")
        message = action["params"]["message"]
        self.assertIn("would be anonymised or deleted", message)
        self.assertIn("Tickets: 1", message)
        self.assertIn("Contact details: 1", message)
        self._assert_no_technical_names(message)
        self.assertIn("- Tickets: 1", request.erasure_preview)
        self._assert_no_technical_names(request.erasure_preview)
        request.action_erase()
        note = request.message_ids[0].body
        self.assertIn("Personal data erased", note)
        self._assert_no_technical_names(note)


@tagged("post_install", "-at_install")
class TestGdprExportPdf(LetterCase, HttpCase):
    """The real PDF (wkhtmltopdf fetches the assets over HTTP, hence HttpCase)."""

    def _pdf_text(self, lang):
        self.person.lang = lang
        request = self._request("access").with_context(force_report_rendering=True)
        start = time.perf_counter()
        request.action_export()
        elapsed = time.perf_counter() - start
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        pdf = archive.read("personal_data.pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            text = subprocess.run(
                ["pdftotext", "-layout", file.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        pages = text.count("\f")
        _logger.info("GDPR export (%s): %s pages in %.1f s", lang, pages, elapsed)
        return text, pages

    def test_pdf_in_english_and_spanish(self):
        # The letter uses a system font so that its text can be copied, searched
        # and read aloud (a web font came out as shapes).
        for lang, words in (
            ("en_US", ("Your consents", "IP Address", "Who receives your data")),
            (
                "es_ES",
                ("Sus consentimientos", "Dirección IP", "Quién recibe sus datos"),
            ),
        ):
            text, pages = self._pdf_text(lang)
            self.assertLessEqual(pages, 4, "the letter of a small file stays short")
            for word in words:
                self.assertIn(word, text)
            self._assert_no_technical_names(text)


@tagged("post_install", "-at_install")
class TestGdprExportTour(HttpCase):
    """The demo DPO exports a demo customer's data and runs an erasure dry run,
    in English and in Spanish, reading words rather than model names."""

    def _demo_request(self, partner, request_type):
        dpo = self.env.ref("customer_service.demo_user_cs_dpo")
        request = (
            self.env["cs.data.request"]
            .with_user(dpo)
            .create(
                {
                    "partner_id": partner.id,
                    "request_type": request_type,
                    "identity_method": "known_email",
                    "dpo_id": dpo.id,
                }
            )
        )
        request.action_verify_identity()
        request.action_start()
        return request

    def _run(self, lang, partner):
        self.env.ref("customer_service.demo_user_cs_dpo").lang = lang
        access = self._demo_request(partner, "access")
        self.start_tour(
            f"/odoo/action-customer_service.cs_data_request_action/{access.id}",
            f"customer_service_dpo_export_{lang[:2]}",
            login="cs_dpo_demo",
        )
        self.assertTrue(access.export_attachment_id)
        erasure = self._demo_request(partner, "erasure")
        self.start_tour(
            f"/odoo/action-customer_service.cs_data_request_action/{erasure.id}",
            f"customer_service_dpo_dry_run_{lang[:2]}",
            login="cs_dpo_demo",
        )
        self.assertTrue(erasure.erasure_preview)
        self.assertFalse(erasure.erasure_date, "a dry run erases nothing")

    def test_dpo_tour_english(self):
        self._run("en_US", self.env.ref("base.res_partner_address_1"))

    def test_dpo_tour_spanish(self):
        self._run("es_ES", self.env.ref("customer_service.demo_partner_lucia"))
