import random
import re
import threading
import time
from datetime import timedelta
from unittest.mock import patch

from psycopg2 import IntegrityError
from psycopg2.errors import SerializationFailure

from odoo import api, fields
from odoo.exceptions import AccessError, UserError
from odoo.orm.environments import Transaction
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail

from ..tools.check_char import is_valid
from .intake_common import CORRUPT_PDF, EXE, PNG, IntakeCase, make_pdf

CODE = re.compile(r"^([A-Z]+)/(\d{4})/(\d{6})-[0-9A-Z]$")


@tagged("post_install", "-at_install")
class TestIntake(IntakeCase, MockEmail):
    def test_register_by_hand_from_ticket(self):
        ticket = self._ticket("phone", partner=self.customer_en)
        form = Form(
            self.env["cs.intake"]
            .with_user(self.agent)
            .with_context(default_ticket_id=ticket.id)
        )
        self.assertEqual(form.partner_id, self.customer_en)
        self.assertEqual(form.channel_id, self.channels["phone"])
        form.document_type_id = self.type_warranty
        form.description = "Warranty card handed over the phone"
        intake = form.save()
        match = CODE.match(intake.name)
        self.assertTrue(match, intake.name)
        self.assertEqual(match.group(1), "GAR")
        self.assertEqual(match.group(2), str(fields.Date.today().year))
        self.assertTrue(is_valid(intake.name))
        self.assertEqual(intake.team_id, self.team)
        self.assertEqual(intake.user_id, self.agent)
        self.assertEqual(ticket.cs_intake_count, 1)
        self.assertEqual(self.env["cs.intake"]._cs_find_by_code(intake.name), intake)
        typo = (
            intake.name[:-3]
            + ("1" if intake.name[-3] != "1" else "2")
            + intake.name[-2:]
        )
        self.assertFalse(self.env["cs.intake"]._cs_find_by_code(typo))

    def test_register_by_hand_from_contact(self):
        action = self.customer_es.with_user(self.agent).action_cs_open_intakes()
        form = Form(
            self.env["cs.intake"]
            .with_user(self.agent)
            .with_context(**action["context"])
        )
        form.channel_id = self.channels["in_person"]
        form.document_type_id = self.type_other
        intake = form.save()
        self.assertEqual(intake.partner_id, self.customer_es)
        self.assertEqual(self.customer_es.cs_intake_count, 1)

    def test_codes_follow_type_sequence(self):
        first = self._intake(document_type_id=self.type_invoice.id)
        second = self._intake(document_type_id=self.type_invoice.id)
        other = self._intake()
        n1, n2 = (int(CODE.match(i.name).group(3)) for i in (first, second))
        self.assertEqual(n2, n1 + 1)
        self.assertTrue(first.name.startswith("FAC/"))
        self.assertTrue(other.name.startswith("REG/"))
        next_year = fields.Date.today().replace(month=1, day=1) + timedelta(days=400)
        code = self.type_invoice._cs_next_code(next_year)
        self.assertEqual(code, f"FAC/{next_year.year}/000001")

    @mute_logger("odoo.sql_db")
    def test_code_unique_constraint(self):
        intake = self._intake()
        with self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.env["cs.intake"].create(
                {
                    "name": intake.name,
                    "channel_id": self.channels["phone"].id,
                    "document_type_id": self.type_other.id,
                }
            )

    def test_file_checks_keep_good_files(self):
        intake = self._intake()
        big = PNG + b"\x00" * (1024 * 1024 + 10)
        rejections = intake._cs_add_files(
            [
                ("photo.png", PNG),
                ("huge.png", big),
                ("invoice.pdf.exe", EXE),
                ("locked.pdf", make_pdf(encrypt=True)),
                ("broken.pdf", CORRUPT_PDF),
                ("empty.txt", b""),
                ("fine.pdf", make_pdf()),
            ]
        )
        self.assertEqual(
            intake.attachment_ids.mapped("name"), ["photo.png", "fine.pdf"]
        )
        self.assertEqual(len(rejections), 5)
        self.assertIn("huge.png: too big", rejections[0])
        self.assertIn("invoice.pdf.exe: files of type application/", rejections[1])
        self.assertIn("locked.pdf: the PDF is protected by a password", rejections[2])
        self.assertIn("broken.pdf: the PDF is damaged", rejections[3])
        self.assertIn("empty.txt: the file is empty", rejections[4])
        self.assertIn("locked.pdf", intake.rejection_note)
        self.assertIn("broken.pdf", intake.message_ids[0].body)
        self.assertEqual(
            [f["name"] for f in intake.files_manifest], ["photo.png", "fine.pdf"]
        )
        self.assertEqual(intake.attachment_ids.mapped("res_id"), [intake.id] * 2)

    def test_file_checks_translated(self):
        intake = self._intake().with_context(lang="es_ES")
        rejections = intake._cs_add_files([("locked.pdf", make_pdf(encrypt=True))])
        self.assertIn("contraseña", rejections[0])

    def test_form_upload_drops_bad_files(self):
        Attachment = self.env["ir.attachment"].with_user(self.agent)
        good = Attachment.create(
            {"name": "kettle.png", "raw": PNG, "res_model": "cs.intake"}
        )
        bad = Attachment.create(
            {"name": "kettle.jpg", "raw": EXE, "res_model": "cs.intake"}
        )
        intake = self._intake(attachment_ids=[(6, 0, (good | bad).ids)])
        self.assertEqual(intake.attachment_ids, good)
        self.assertFalse(bad.exists())
        self.assertIn("kettle.jpg", intake.rejection_note)
        self.assertEqual(good.mimetype, "image/png")
        # The picture made the rules suggest a photo, to be confirmed.
        self.assertEqual(intake.suggested_type_id, self.type_photo)
        self.assertEqual(intake.classification_state, "suggested")

    def test_classification_confirm_correct_and_accuracy(self):
        right = self._intake(document_type_id=self.type_photo.id)
        right._cs_add_files([("a.png", PNG)])
        wrong = self._intake(document_type_id=self.type_other.id)
        wrong._cs_add_files([("b.png", PNG)])
        self.assertEqual(wrong.suggested_type_id, self.type_photo)
        # The agent keeps 'Other' although photo was suggested: a correction.
        right.with_user(self.agent).action_cs_confirm_type()
        wrong.with_user(self.agent).action_cs_confirm_type()
        self.assertEqual(right.classification_state, "confirmed")
        self.assertEqual(wrong.classification_state, "corrected")
        self.assertEqual(right.classified_by_id, self.agent)
        [(average,)] = self.env["cs.intake"]._read_group(
            [("id", "in", (right | wrong).ids)], [], ["suggestion_score:avg"]
        )
        self.assertEqual(average, 50.0)
        plain = self._intake()
        with self.assertRaisesRegex(UserError, "no suggested type"):
            plain.action_cs_confirm_type()

    def _raw_email(
        self, attachments, subject="Factura de mi hervidor", body="Adjunto la factura."
    ):
        from email.message import EmailMessage  # noqa: PLC0415

        message = EmailMessage()
        message["From"] = f"Lucía Martínez <{self.customer_es.email}>"
        message["To"] = "documents@example.com"
        message["Subject"] = subject
        message["Message-Id"] = "<intake-test-1@example.com>"
        message.set_content(body)
        for name, data, maintype, subtype in attachments:
            message.add_attachment(
                data, maintype=maintype, subtype=subtype, filename=name
            )
        return message.as_bytes()

    def test_email_becomes_coded_classified_intake_with_receipt(self):
        pdf = self.env.ref("customer_service.cs_intake_demo_invoice_pdf").raw
        raw = self._raw_email(
            [
                ("scan.pdf", pdf, "application", "pdf"),
                ("virus.pdf", EXE, "application", "pdf"),
            ]
        )
        with self.mock_mail_gateway():
            intake_id = self.env["mail.thread"].message_process("cs.intake", raw)
        intake = self.env["cs.intake"].browse(intake_id)
        self.assertEqual(intake.partner_id, self.customer_es)
        self.assertEqual(intake.channel_kind, "email")
        self.assertEqual(intake.attachment_ids.mapped("name"), ["scan.pdf"])
        self.assertIn("virus.pdf", intake.rejection_note)
        self.assertIn("FACTURA", intake.extracted_text.upper())
        self.assertEqual(intake.document_type_id, self.type_invoice)
        self.assertEqual(intake.classification_state, "suggested")
        self.assertTrue(intake.name.startswith("FAC/"), intake.name)
        self.assertEqual(intake.email_subject, "Factura de mi hervidor")
        incoming = intake.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(incoming.attachment_ids.mapped("name"), ["scan.pdf"])
        self.assertTrue(intake.receipt_sent)
        receipt_mail = self.env["mail.mail"].search(
            [("model", "=", "cs.intake"), ("res_id", "=", intake.id)]
        )
        self.assertEqual(len(receipt_mail), 1)
        self.assertIn(self.customer_es, receipt_mail.recipient_ids)
        self.assertIn(intake.name, receipt_mail.subject)
        self.assertEqual(
            receipt_mail.attachment_ids.name, intake.name.replace("/", "-") + ".pdf"
        )
        self.assertIn("/intake/verify?code=", receipt_mail.body_html)

    def test_email_routed_by_alias(self):
        alias = self.env.ref("customer_service.mail_alias_cs_intake")
        alias.alias_domain_id = self.env["mail.alias.domain"].create(
            {"name": "example.com"}
        )
        raw = self._raw_email(
            [("kettle.png", PNG, "image", "png")],
            subject="Warranty: broken kettle",
            body="Here is the photo",
        )
        with self.mock_mail_gateway():
            intake_id = self.env["mail.thread"].message_process(False, raw)
        intake = self.env["cs.intake"].browse(intake_id)
        self.assertTrue(intake.exists())
        self.assertEqual(intake.partner_id, self.customer_es)
        # Two rules match once each; the lower sequence (warranty, 20) wins.
        self.assertEqual(intake.document_type_id, self.type_warranty)

    def test_receipt_needs_contact_details(self):
        intake = self._intake(partner_id=self.customer_plain.id)
        self.customer_plain.email = False
        with self.assertRaisesRegex(UserError, "no e-mail address"):
            intake.action_cs_send_receipt()

    def test_retention_and_legal_hold(self):
        old = fields.Datetime.now() - timedelta(days=800)
        expired = self._intake(received_at=old)
        held = self._intake(user=self.supervisor, received_at=old, legal_hold=True)
        recent = self._intake()
        forever = self._intake(received_at=old)
        self.type_other.retention_months = 24
        forever.document_type_id = self.env.ref(
            "customer_service.cs_document_type_contract"
        )
        self.env.ref("customer_service.cs_document_type_contract").retention_months = 0
        self.assertFalse(forever.retention_date)
        self.env["cs.intake"].search(
            [("id", "not in", (expired | held | recent | forever).ids)]
        ).legal_hold = True
        # Outside a cron, _commit_progress commits: not allowed inside a test.
        with patch.object(
            type(self.env["ir.cron"]), "_commit_progress", return_value=float("inf")
        ) as progress:
            done = self.env["cs.intake"]._cron_cs_archive_past_retention(batch_size=1)
        self.assertEqual(progress.call_count, 1)
        self.assertEqual(done, 1)
        self.assertFalse(expired.active)
        self.assertTrue(held.active)
        self.assertTrue(recent.active)
        self.assertTrue(forever.active)
        # A hold set on the type protects every intake of the type.
        self.type_other.legal_hold = True
        self.assertTrue(recent.legal_hold)

    def test_team_isolation(self):
        mine = self._intake()
        theirs = self._intake(user=self.other_agent, team_id=self.other_team.id)
        visible = self.env["cs.intake"].with_user(self.agent).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.with_user(self.agent).read(["name"])
        self.assertIn(
            theirs, self.env["cs.intake"].with_user(self.supervisor).search([])
        )

    def test_agents_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.type_other.with_user(self.agent).retention_months = 1
        with self.assertRaises(AccessError):
            self.env["cs.classification.rule"].with_user(self.agent).create(
                {"name": "x", "document_type_id": self.type_other.id, "keywords": "x"}
            )
        self.type_other.with_user(self.supervisor).retention_months = 30
        with (
            self.assertRaisesRegex(Exception, "cannot be negative"),
            self.env.cr.savepoint(),
        ):
            self.type_other.with_user(self.supervisor).retention_months = -1

    def test_portal_sees_only_own(self):
        self.portal_user.partner_id.email = "paula@example.com"
        own = self._intake(partner_id=self.portal_user.partner_id.id)
        other = self._intake()
        found = self.env["cs.intake"].with_user(self.portal_user).search([])
        self.assertEqual(found, own)
        self.assertNotIn(other, found)
        with self.assertRaises(AccessError):
            self.env["cs.intake"].with_user(self.portal_user).create(
                {
                    "channel_id": self.channels["web"].id,
                    "document_type_id": self.type_other.id,
                }
            )

    def test_portal_upload_method(self):
        Intake = self.env["cs.intake"].with_user(self.portal_user)
        intake, rejections = Intake._cs_create_from_portal(
            self.portal_user.partner_id,
            [("photo.png", PNG), ("bad.exe", EXE)],
            "My broken kettle",
            self.env["cs.document.type"],
        )
        self.assertEqual(intake.env.uid, self.portal_user.id)
        self.assertEqual(intake.partner_id, self.portal_user.partner_id)
        self.assertEqual(intake.channel_kind, "web")
        self.assertEqual(len(rejections), 1)
        self.assertEqual(intake.file_count, 1)
        with self.assertRaisesRegex(UserError, "No file could be accepted"):
            Intake._cs_create_from_portal(
                self.portal_user.partner_id, [("bad.exe", EXE)], "", self.type_other
            )

    def test_gdpr_export_and_erase(self):
        held = self._intake(user=self.supervisor, legal_hold=True)
        old = self._intake(received_at=fields.Datetime.now() - timedelta(days=3000))
        old._cs_add_files([("photo.png", PNG)])
        current = self._intake(description="Recent")
        exported = self.env["cs.intake"]._cs_gdpr_export(self.customer_es)
        self.assertEqual(
            {row["code"] for row in exported}, {held.name, old.name, current.name}
        )
        self.assertEqual(exported[0]["model"], "cs.intake")
        dry = self.env["cs.intake"]._cs_gdpr_erase(self.customer_es, dry_run=True)
        self.assertEqual(dry["changed"], 1)
        self.assertEqual(len(dry["kept"]), 2)
        self.assertTrue(old.attachment_ids)
        result = self.env["cs.intake"]._cs_gdpr_erase(self.customer_es)
        self.assertEqual(result["changed"], 1)
        self.assertTrue(old.anonymised)
        self.assertFalse(old.partner_id or old.attachment_ids or old.active)
        self.assertTrue(old.files_manifest)
        self.assertEqual(held.partner_id, self.customer_es)
        self.assertEqual(current.description, "Recent")
        self.assertTrue(current.erasure_requested)
        # Once its retention ends, the cron anonymises it instead of archiving it.
        current.received_at = fields.Datetime.now() - timedelta(days=3000)
        (self.env["cs.intake"].search([]) - current - held).legal_hold = True
        with patch.object(
            type(self.env["ir.cron"]), "_commit_progress", return_value=float("inf")
        ):
            self.env["cs.intake"]._cron_cs_archive_past_retention()
        self.assertTrue(current.anonymised)
        self.assertFalse(current.partner_id or current.description or current.active)
        self.assertEqual(held.partner_id, self.customer_es)


@tagged("post_install", "-at_install")
class TestIntakeConcurrency(TransactionCase):
    """Plain case: the shared fixtures rename the company, and that uncommitted key
    update would block every other transaction inserting rows that point to it."""

    def test_codes_unique_under_parallel_transactions(self):
        """Eight transactions register at once, each on its own cursor and thread."""
        doc_type = self.env.ref("customer_service.cs_document_type_contract")
        channel = self.env.ref("customer_service.channel_in_person")
        workers = 8
        barrier = threading.Barrier(workers)
        codes, errors, created = [], [], []

        def register():
            try:
                with self.registry.cursor() as cr:
                    # The loading thread holds the registry class lock: hand the
                    # registry over instead of looking it up by database name.
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    barrier.wait(timeout=30)
                    intake = env["cs.intake"].create(
                        {"channel_id": channel.id, "document_type_id": doc_type.id}
                    )
                    codes.append(intake.name)
                    created.append(intake.id)
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as error:  # noqa: BLE001 reported by the assertion
                errors.append(repr(error))

        threads = [threading.Thread(target=register) for _ in range(workers)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(20)
            self.env.cr.execute(
                "SELECT pid, wait_event_type, wait_event, state, left(query, 300) "
                "FROM pg_stat_activity WHERE datname = current_database()"
            )
            activity = self.env.cr.fetchall()
            self.assertFalse(errors)
            self.assertEqual(len(codes), workers, activity)
            self.assertEqual(len(codes), workers)
            self.assertEqual(len(set(codes)), workers, codes)
            self.assertTrue(all(is_valid(code) for code in codes))
        finally:
            with self.registry.cursor() as cr:
                cr.transaction = Transaction(self.registry)
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                env["cs.intake"].browse(created).exists().unlink()
                cr.commit()  # pylint: disable=invalid-commit

    def test_first_code_of_a_year_under_parallel_transactions(self):
        """Eight transactions draw the first code of a year that has no range yet.

        Each would create its own range numbered from 1; the losers must instead
        retry (as Odoo's request and cron loops do) and continue the winner's range.
        """
        with self.registry.cursor() as cr:
            cr.transaction = Transaction(self.registry)
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            doc_type = env["cs.document.type"].create(
                {"name": "New year race", "prefix": "NYRACE"}
            )
            doc_type.sequence_id.date_range_ids.unlink()
            cr.commit()  # pylint: disable=invalid-commit
            type_id = doc_type.id
        channel = self.env.ref("customer_service.channel_in_person")
        workers = 8
        barrier = threading.Barrier(workers)
        codes, errors, retries = [], [], []

        def register():
            try:
                with self.registry.cursor() as cr:
                    cr.transaction = Transaction(self.registry)
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    barrier.wait(timeout=30)

                    # What odoo.service.model.retrying does for requests and
                    # crons; it cannot run here (the loading thread holds the
                    # registry lock it takes).
                    for attempt in range(1, 6):
                        try:
                            intake = env["cs.intake"].create(
                                {"channel_id": channel.id, "document_type_id": type_id}
                            )
                            name = intake.name
                            cr.commit()  # pylint: disable=invalid-commit
                        except SerializationFailure:
                            cr.rollback()
                            retries.append(attempt)
                            time.sleep(random.uniform(0.0, 0.2 * 2**attempt))
                        else:
                            codes.append(name)
                            break
            except Exception as error:  # noqa: BLE001 reported by the assertion
                errors.append(repr(error))

        threads = [threading.Thread(target=register) for _ in range(workers)]
        try:
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            self.assertFalse(errors)
            self.assertEqual(len(codes), workers, retries)
            self.assertEqual(len(set(codes)), workers, codes)
            self.assertTrue(all(code.startswith("NYRACE/") for code in codes))
            self.assertTrue(retries, "the threads did race for the range")
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM ir_sequence_date_range r "
                    "JOIN cs_document_type t ON t.sequence_id = r.sequence_id "
                    "WHERE t.id = %s",
                    [type_id],
                )
                self.assertEqual(cr.fetchone()[0], 1, "one range for the year")
        finally:
            with self.registry.cursor() as cr:
                cr.transaction = Transaction(self.registry)
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                doc_type = env["cs.document.type"].browse(type_id)
                env["cs.intake"].with_context(active_test=False).search(
                    [("document_type_id", "=", type_id)]
                ).unlink()
                sequence = doc_type.sequence_id
                doc_type.unlink()
                sequence.date_range_ids.unlink()
                sequence.unlink()
                cr.commit()  # pylint: disable=invalid-commit
