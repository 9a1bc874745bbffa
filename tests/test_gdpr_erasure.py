import base64
import io
import json
import zipfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .gdpr_common import GdprCase


class ErasureCase(GdprCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create(
            {
                "name": "Marta Olmedo Ruiz",
                "email": "marta.olmedo@example.com",
                "phone": "+34 611 222 333",
                "street": "Calle Mayor 1",
                "city": "Madrid",
                "vat": "12345678Z",
            }
        )
        cls.ticket = cls._ticket(
            "email",
            partner=cls.person,
            name="Refund for order 55",
            description="<p>Marta Olmedo asks for a refund</p>",
        )
        cls.message = cls.ticket.message_post(
            body="Hello, this is Marta, my card ends in 4242",
            author_id=cls.person.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
            attachments=[("invoice-photo.txt", b"photo of Marta's receipt")],
        )
        cls.ticket.message_post(
            body="Dear Marta, we are on it", author_id=cls.agent.partner_id.id
        )
        cls.consent = cls._give(
            cls.person,
            cls.commercial,
            proof_user_agent="Firefox",
        )

    def _request(self, request_type):
        request = self.Request.with_user(self.dpo).create(
            {
                "partner_id": self.person.id,
                "request_type": request_type,
                "identity_method": "id_document",
                "dpo_id": self.dpo.id,
            }
        )
        request.action_verify_identity()
        request.action_start()
        return request

    def _lookup(self):
        found = self.env["res.partner"]._cs_gdpr_lookup(
            "Marta Olmedo Ruiz", "marta.olmedo@example.com"
        )
        return {item for item in found if item[0] != "privacy.log"}


@tagged("post_install", "-at_install")
class TestGdprErasure(ErasureCase):
    def test_export_calls_every_model_defining_the_contract(self):
        names = self.env["res.partner"]._cs_gdpr_model_names()
        self.assertEqual(names[-1], "res.partner")
        for model in ("cs.consent", "helpdesk.ticket", "mail.message", "ir.attachment"):
            self.assertIn(model, names)

    def test_dry_run_changes_nothing_then_erasure_leaves_nothing(self):
        request = self._request("erasure")
        before = self._lookup()
        self.assertIn(("res.partner", self.person.id), before)
        self.assertIn(("helpdesk.ticket", self.ticket.id), before)
        self.assertIn(("mail.message", self.message.id), before)
        self.assertIn(("cs.data.request", request.id), before)
        with self.assertRaisesRegex(UserError, "dry run first"):
            request.action_erase()
        request.action_erasure_dry_run()
        self.assertIn("Tickets: 1", request.erasure_preview)
        self.assertIn("Files: 1", request.erasure_preview)
        self.assertEqual(self.person.name, "Marta Olmedo Ruiz")
        self.assertEqual(self._lookup(), before)

        request.action_erase()
        self.assertEqual(self._lookup(), set(), "privacy_lookup still finds the person")
        person = self.person.with_context(active_test=False)
        self.assertTrue(person.name.startswith("Erased contact"))
        self.assertFalse(person.email or person.phone or person.vat or person.street)
        self.assertFalse(person.active)
        self.assertTrue(person.cs_erased_date)
        self.assertNotIn("Marta", self.ticket.name + self.ticket.description)
        self.assertFalse(self.ticket.partner_email)
        bodies = " ".join(self.ticket.message_ids.mapped("body"))
        self.assertNotIn("Marta", bodies)
        self.assertNotIn("4242", bodies)
        self.assertFalse(self.message.email_from)
        self.assertFalse(self.message.attachment_ids.exists())
        self.env.cr.execute(
            "SELECT proof_ip, proof_user_agent FROM cs_consent WHERE id = %s",
            [self.consent.id],
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None))
        self.assertTrue(self.consent.exists(), "the consent history is kept")
        self.assertIn("Kept, and why", request.erasure_report)
        self.assertIn("GDPR Art. 7(1)", request.erasure_report)
        self.assertIn("Art. 5(2)", request.erasure_report)
        self.assertFalse(self.person._cs_check_consent("commercial", "email"))
        request.response = "Your data was erased."
        request.action_done()
        self.assertEqual(request.state, "done")

    def test_erasure_stops_and_changes_nothing_when_data_remains(self):
        duplicate = self.env["res.partner"].create(
            {"name": "M. Olmedo", "email": "marta.olmedo@example.com"}
        )
        request = self._request("erasure")
        request.action_erasure_dry_run()
        with (
            self.assertRaisesRegex(UserError, "still found in: Contact"),
            self.env.cr.savepoint(),
        ):
            request.action_erase()
        self.assertEqual(self.person.name, "Marta Olmedo Ruiz")
        self.assertIn("4242", self.message.body)
        self.assertFalse(request.erasure_date)
        self.assertTrue(duplicate.exists())

    def test_only_dpo_erases_or_exports(self):
        request = self._request("erasure")
        with self.assertRaises(AccessError):
            request.with_user(self.agent).action_erasure_dry_run()
        request.action_erasure_dry_run()
        with self.assertRaises(AccessError):
            request.with_user(self.supervisor).action_erase()
        self.assertEqual(self.person.name, "Marta Olmedo Ruiz")

    def test_internal_user_is_not_erased_here(self):
        with self.assertRaisesRegex(UserError, "internal user"):
            self.agent.partner_id._cs_gdpr_erase_all(dry_run=True)

    def test_portal_user_account_is_closed_by_erasure(self):
        partner = self.portal_user.partner_id
        partner.email = "paula.portal@example.com"
        partner._cs_gdpr_erase_all()
        user = self.portal_user.with_context(active_test=False)
        self.assertFalse(user.active)
        self.assertNotIn("paula", user.login)
        self.assertFalse(
            self.env["res.partner"]._cs_gdpr_lookup(
                "Paula Portal", "paula.portal@example.com"
            )
            - {("privacy.log", 0)}
        )

    def test_attachment_payload_base64(self):
        rows = self.env["ir.attachment"]._cs_gdpr_files(self.person)
        self.assertEqual(rows[0][1], base64.b64decode(base64.b64encode(rows[0][1])))


@tagged("post_install", "-at_install")
class TestGdprExport(ErasureCase, HttpCase):
    """wkhtmltopdf fetches the report assets over HTTP: an HttpCase serves them
    through the test cursor."""

    def test_export_zip_holds_every_linked_model(self):
        request = self._request("access").with_context(force_report_rendering=True)
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        names = archive.namelist()
        for name in ("personal_data.json", "personal_data.pdf"):
            self.assertIn(name, names)
        payload = json.loads(archive.read("personal_data.json"))["data"]
        for model in (
            "res.partner",
            "helpdesk.ticket",
            "mail.message",
            "ir.attachment",
            "cs.consent",
            "cs.data.request",
        ):
            self.assertIn(model, payload)
            self.assertIn(f"csv/{model}.csv", names)
        self.assertEqual(payload["res.partner"][0]["vat"], "12345678Z")
        self.assertEqual(
            payload["helpdesk.ticket"][0]["subject"], "Refund for order 55"
        )
        self.assertIn(
            "my card ends in 4242", " ".join(m["body"] for m in payload["mail.message"])
        )
        self.assertEqual(payload["cs.consent"][0]["ip_address"], "192.0.2.1")
        self.assertIn(
            "marta.olmedo@example.com", archive.read("csv/res.partner.csv").decode()
        )
        self.assertTrue(archive.read("personal_data.pdf").startswith(b"%PDF"))
        attachment_files = [n for n in names if n.startswith("attachments/")]
        self.assertEqual(len(attachment_files), 1)
        self.assertEqual(archive.read(attachment_files[0]), b"photo of Marta's receipt")


@tagged("post_install", "-at_install")
class TestGdprErasureTour(ErasureCase, HttpCase):
    def test_tour_dpo_dry_run_then_erasure(self):
        self.dpo.password = "cs_dpo_pwd"
        request = self._request("erasure")
        self.start_tour(
            f"/odoo/action-customer_service.cs_data_request_action/{request.id}",
            "customer_service_dpo_erasure",
            login="cs_dpo",
        )
        self.assertTrue(request.erasure_date)
        self.assertTrue(
            self.person.with_context(active_test=False).name.startswith("Erased")
        )
        self.assertEqual(self._lookup(), set())
