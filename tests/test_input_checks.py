import re
import resource
import time
from datetime import datetime
from email.message import EmailMessage
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from ..tools.zip_names import is_safe_member
from .intake_common import PNG, IntakeCase
from .test_input_tools import BOMB_TEXT_BYTES, make_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@tagged("post_install", "-at_install")
class TestInputChecks(IntakeCase, MockEmail):
    # ------------------------------------------------------------------
    # Document type prefixes
    # ------------------------------------------------------------------

    def test_prefix_of_another_type_is_refused(self):
        DocType = self.env["cs.document.type"]
        with (
            self.assertRaisesRegex(
                ValidationError, f"“FAC” of “Invoices bis”.*“{self.type_invoice.name}”"
            ),
            self.env.cr.savepoint(),
        ):
            DocType.create({"name": "Invoices bis", "prefix": "fac"})
        self.assertFalse(DocType.search([("name", "=", "Invoices bis")]))
        with (
            self.assertRaisesRegex(ValidationError, "Choose another prefix"),
            self.env.cr.savepoint(),
        ):
            self.type_other.prefix = "FAC"
        self.assertEqual(self.type_other.prefix, "REG")
        self.assertEqual(self.type_other.sequence_id.prefix, "REG/%(range_year)s/")
        # An archived type keeps its codes: its prefix stays taken.
        self.type_warranty.active = False
        with self.assertRaisesRegex(ValidationError, "“GAR”"), self.env.cr.savepoint():
            DocType.create({"name": "Guarantees", "prefix": "GAR"})
        fresh = DocType.create({"name": "Guarantees", "prefix": "GRT"})
        intake = self._intake(document_type_id=fresh.id)
        self.assertTrue(intake.name.startswith("GRT/"), intake.name)

    # ------------------------------------------------------------------
    # Reception dates
    # ------------------------------------------------------------------

    def test_implausible_reception_dates_are_refused(self):
        for wrong in (
            datetime(1900, 1, 1),
            datetime(1999, 12, 31, 23),
            datetime(2099, 1, 1),
        ):
            with (
                self.subTest(wrong=wrong),
                self.assertRaisesRegex(ValidationError, "1 January 2000 and today"),
            ):
                self._intake(received_at=wrong)
        intake = self._intake(received_at=datetime(2001, 5, 4))
        with (
            self.assertRaisesRegex(ValidationError, re.escape(intake.name)),
            self.env.cr.savepoint(),
        ):
            intake.received_at = datetime(2099, 1, 1)
        self.assertEqual(intake.received_at, datetime(2001, 5, 4))
        self.assertTrue(self._intake(received_at=fields.Datetime.now()))

    # ------------------------------------------------------------------
    # Indexing of files that unpack to a lot
    # ------------------------------------------------------------------

    def _usage(self):
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return time.process_time(), usage.ru_maxrss

    def test_zip_bomb_from_the_portal_is_stored_but_not_read(self):
        bomb = make_docx(BOMB_TEXT_BYTES)
        self.assertLess(len(bomb), 300 * 1024)
        self.env.company.cs_intake_max_file_mb = 5
        cpu, rss = self._usage()
        intake, rejections = (
            self.env["cs.intake"]
            .with_user(self.portal_user)
            ._cs_create_from_portal(
                self.portal_user.partner_id,
                [("contrato.docx", bomb)],
                "",
                self.type_other,
            )
        )
        cpu_after, rss_after = self._usage()
        self.assertFalse(rejections)
        self.assertLess(cpu_after - cpu, 2.0, "the file must not be unpacked")
        self.assertLess(rss_after - rss, 100 * 1024, "KB of extra memory")
        attachment = intake.sudo().attachment_ids
        self.assertEqual(attachment.mimetype, DOCX)
        self.assertEqual(attachment.raw, bomb)
        self.assertFalse(attachment.index_content)
        self.assertFalse(intake.index_pending, "never read, not even later")
        self.assertFalse(intake.extracted_text)

    def test_zip_bomb_by_email_is_not_read(self):
        bomb = make_docx(BOMB_TEXT_BYTES)
        message = EmailMessage()
        message["From"] = f"Lucía Martínez <{self.customer_es.email}>"
        message["To"] = "documents@example.com"
        message["Subject"] = "Contrato"
        message["Message-Id"] = "<intake-bomb@example.com>"
        message.set_content("Adjunto el contrato.")
        message.add_attachment(
            bomb,
            maintype="application",
            subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
            filename="contrato.docx",
        )
        self.env.company.cs_intake_max_file_mb = 5
        cpu, _rss = self._usage()
        with self.mock_mail_gateway():
            intake_id = self.env["mail.thread"].message_process(
                "cs.intake", message.as_bytes()
            )
        self.assertLess(time.process_time() - cpu, 3.0)
        intake = self.env["cs.intake"].browse(intake_id)
        self.assertEqual(intake.attachment_ids.mapped("name"), ["contrato.docx"])
        self.assertFalse(intake.sudo().attachment_ids.index_content)

    def test_big_document_is_read_after_the_request(self):
        text_bytes = 1200 * 1024
        docx = make_docx(text_bytes)
        self.env.company.cs_intake_max_file_mb = 5
        self.Rule.create(
            {
                "name": "Lorem contracts",
                "document_type_id": self.type_warranty.id,
                "content_keywords": "lorem",
                "sequence": 1,
            }
        )
        intake, _rejections = (
            self.env["cs.intake"]
            .with_user(self.portal_user)
            ._cs_create_from_portal(
                self.portal_user.partner_id,
                [("contrato.docx", docx)],
                "",
                self.env["cs.document.type"],
            )
        )
        intake = intake.sudo()
        self.assertTrue(intake.index_pending)
        self.assertNotIn("lorem", intake.extracted_text or "")
        with patch.object(
            type(self.env["ir.cron"]), "_commit_progress", return_value=float("inf")
        ):
            self.assertEqual(self.env["cs.intake"]._cron_cs_index_pending(), 1)
        self.assertFalse(intake.index_pending)
        self.assertIn("lorem ipsum dolor", intake.extracted_text)
        self.assertIn("lorem ipsum dolor", intake.attachment_ids.index_content)
        self.assertIn("lorem", intake.search_text)
        # The rules now see the text: the suggestion is recorded for the agent.
        self.assertEqual(intake.suggested_type_id, self.type_warranty)
        self.assertEqual(intake.classification_state, "suggested")

    def test_small_document_is_read_at_once(self):
        self.env.company.cs_intake_max_file_mb = 5
        intake, _rejections = (
            self.env["cs.intake"]
            .with_user(self.portal_user)
            ._cs_create_from_portal(
                self.portal_user.partner_id,
                [("nota.docx", make_docx(20_000)), ("foto.png", PNG)],
                "",
                self.type_other,
            )
        )
        self.assertFalse(intake.sudo().index_pending)
        self.assertIn("lorem ipsum dolor", intake.sudo().extracted_text)

    # ------------------------------------------------------------------
    # Names inside the GDPR export zip
    # ------------------------------------------------------------------

    def test_export_file_names_cannot_leave_the_archive(self):
        names = [
            "../../../../etc/evil.sh",
            "/etc/passwd",
            "..\\..\\boot.ini",
            "factura.pdf",
            "factura.pdf",
            "..",
        ]
        self.env["ir.attachment"].create(
            [
                {
                    "name": name,
                    "raw": b"data %d" % i,
                    "res_model": "res.partner",
                    "res_id": self.customer_es.id,
                }
                for i, name in enumerate(names)
            ]
        )
        files = self.env["ir.attachment"]._cs_gdpr_files(self.customer_es)
        paths = [path for path, _data in files]
        self.assertEqual(len(paths), len(names))
        self.assertEqual(len(set(paths)), len(paths))
        for path in paths:
            self.assertTrue(path.startswith("attachments/"), path)
            self.assertTrue(is_safe_member(path), path)
            self.assertNotIn("..", path.split("/"))
            self.assertNotIn("\\", path)
        self.assertTrue(any(path.endswith("-evil.sh") for path in paths))
        self.assertEqual(
            sorted(data for _path, data in files),
            sorted(b"data %d" % i for i in range(6)),
        )

    # ------------------------------------------------------------------
    # Spanish postal codes in the collection wizard
    # ------------------------------------------------------------------

    def _collect(self, **values):
        return (
            self.env["cs.collection.wizard"]
            .with_user(self.agent)
            .with_context(default_partner_id=self.customer_plain.id)
            .create(values)
        )

    def test_spanish_postal_code_is_checked(self):
        spain = self.env.ref("base.es")
        partner = self.customer_plain
        partner.zip = "28013"
        for wrong in ("99999", "00100", "2801", "28O13"):
            wizard = self._collect(country_id=spain.id, zip=wrong)
            with (
                self.subTest(zip=wrong),
                self.assertRaisesRegex(ValidationError, "not a Spanish postal code"),
            ):
                wizard.action_confirm()
        self.assertEqual(partner.zip, "28013")
        # Without a country the contact is taken as Spanish, as for phones.
        with self.assertRaisesRegex(ValidationError, "choose its country first"):
            self._collect(zip="SW1A 1AA").action_confirm()
        self._collect(country_id=spain.id, zip=" 08 001").action_confirm()
        self.assertEqual(partner.zip, "08001")
        # Another country's format is not checked.
        france = self.env.ref("base.fr")
        self._collect(country_id=france.id, zip="75001").action_confirm()
        self.assertEqual(partner.zip, "75001")
