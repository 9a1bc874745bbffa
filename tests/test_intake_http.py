import hashlib
import io
import os

from odoo import http
from odoo.tests import tagged

from odoo.addons.sms.tests.common import SMSCase

from .intake_common import EXE, PNG, IntakeCase, make_pdf


@tagged("post_install", "-at_install")
class TestIntakeHttp(IntakeCase, SMSCase):
    def _pdf_text(self, pdf):
        from pdfminer.high_level import extract_text  # noqa: PLC0415

        return extract_text(io.BytesIO(pdf))

    def test_receipt_pdf_content_and_hashes(self):
        intake = self._intake(user=self.agent)
        files = [("kettle.png", PNG), ("invoice.pdf", make_pdf())]
        intake._cs_add_files(files)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "customer_service.action_report_cs_intake_receipt", intake.ids
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        if os.environ.get("CS_RECEIPT_PDF"):
            with open(os.environ["CS_RECEIPT_PDF"], "wb") as handle:
                handle.write(pdf)
        text = " ".join(self._pdf_text(pdf).split())
        flat = text.replace(" ", "")
        self.assertIn(intake.name, flat)
        self.assertIn("Ana Agente", text)
        # The receipt speaks the customer's language (Spanish here).
        self.assertIn(self.channels["in_person"].with_context(lang="es_ES").name, text)
        for name, data in files:
            self.assertIn(name, text)
            self.assertIn(hashlib.sha256(data).hexdigest(), flat)
            self.assertIn(str(len(data)), text)

    def test_receipt_by_sms(self):
        intake = self._intake(channel_id=self.channels["sms"].id)
        with self.mockSMSGateway():
            intake.with_user(self.agent).action_cs_send_receipt()
        self.assertEqual(len(self._sms), 1)
        self.assertIn(intake.name, self._sms[0]["body"])
        self.assertIn("/intake/verify?code=", self._sms[0]["body"])
        self.assertTrue(intake.receipt_sent)

    def test_verification_page(self):
        intake = self._intake(description="Lucía's private note")
        intake._cs_add_files([("kettle.png", PNG)])
        good = self.url_open("/" + intake._cs_verify_url().split("/", 3)[3])
        self.assertEqual(good.status_code, 200)
        self.assertIn("This receipt is genuine", good.text)
        self.assertIn(intake.name, good.text)
        self.assertIn(hashlib.sha256(PNG).hexdigest(), good.text)
        for private in (
            "Lucía",
            "Martínez",
            "lucia@example.com",
            "kettle.png",
            "private",
        ):
            self.assertNotIn(private, good.text)
        wrong = self.url_open(f"/intake/verify?code={intake.name}&token={'0' * 32}")
        unknown = self.url_open(
            f"/intake/verify?code=REG/1999/000001-X&token={'0' * 32}"
        )
        missing = self.url_open(f"/intake/verify?code={intake.name}")
        self.assertEqual(wrong.status_code, unknown.status_code)
        self.assertEqual(wrong.text, unknown.text)
        self.assertEqual(wrong.text, missing.text)
        self.assertIn("No receipt matches", wrong.text)
        self.assertNotIn(intake.name, wrong.text)

    def test_portal_upload_form(self):
        self.portal_user.password = "cs_portal_pwd"
        self.authenticate("cs_portal", "cs_portal_pwd")
        response = self.url_open(
            "/my/intakes/upload",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "description": "Foto del hervidor",
                "document_type_id": "",
            },
            files=[
                ("files", ("roto.png", PNG, "image/png")),
                ("files", ("malo.pdf", EXE, "application/pdf")),
            ],
        )
        self.assertEqual(response.status_code, 200)
        intake = self.env["cs.intake"].search(
            [("partner_id", "=", self.portal_user.partner_id.id)]
        )
        self.assertEqual(len(intake), 1)
        self.assertIn(intake.name, response.text)
        self.assertIn("malo.pdf", response.text)
        self.assertEqual(intake.attachment_ids.mapped("name"), ["roto.png"])
        self.assertEqual(intake.document_type_id, self.type_photo)
        home = self.url_open("/my")
        self.assertIn("Documents handed in", home.text)
        listing = self.url_open("/my/intakes")
        self.assertIn(intake.name, listing.text)
        receipt = self.url_open(f"/my/intakes/{intake.id}/receipt")
        self.assertEqual(receipt.status_code, 200)
        foreign = self._intake()
        denied = self.url_open(f"/my/intakes/{foreign.id}/receipt")
        self.assertNotIn(foreign.name, denied.text)
        self.assertNotIn(foreign.name, self.url_open("/my/intakes").text)

    def test_tour_register_document_from_ticket(self):
        self.agent.password = "cs_agent_pwd"
        ticket = self._ticket("in_person", name="Tour: kettle warranty")
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
            "customer_service_intake_from_ticket",
            login="cs_agent",
        )
        intake = ticket.cs_intake_ids
        self.assertEqual(len(intake), 1)
        self.assertEqual(intake.document_type_id, self.type_warranty)
        self.assertEqual(intake.description, "Warranty card handed in at the desk")
