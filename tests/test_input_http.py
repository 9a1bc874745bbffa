from unittest.mock import patch

from odoo import http
from odoo.tests import HttpCase, tagged

from .gdpr_common import GdprCase
from .intake_common import make_pdf


@tagged("post_install", "-at_install")
class TestInputHttp(GdprCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.password = "cs_portal_pwd"

    def _token(self, url):
        page = self.url_open(url)
        return page.text.split('name="csrf_token" value="')[1].split('"')[0]

    def test_consent_form_with_bad_purpose_gets_a_clear_answer(self):
        self.authenticate("cs_portal", "cs_portal_pwd")
        token = self._token("/my/privacy")
        cases = [
            {"channel": "email", "decision": "give"},
            {"purpose_id": "abc", "channel": "email", "decision": "give"},
            {"purpose_id": "", "channel": "email", "decision": "give"},
            {"purpose_id": "1e3", "channel": "email", "decision": "give"},
            {"purpose_id": "999999999", "channel": "email", "decision": "give"},
            {
                "purpose_id": str(self.commercial.id),
                "channel": "fax",
                "decision": "give",
            },
            {"purpose_id": str(self.commercial.id), "channel": "email"},
            {},
        ]
        for data in cases:
            with self.subTest(data=data):
                response = self.url_open(
                    "/my/privacy/consent", data=dict(data, csrf_token=token)
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn("Your choice could not be recorded", response.text)
                self.assertIn("My privacy", response.text)
        self.assertFalse(self.portal_user.partner_id.cs_consent_ids)
        good = self.url_open(
            "/my/privacy/consent",
            data={
                "purpose_id": str(self.commercial.id),
                "channel": "email",
                "decision": "give",
                "csrf_token": token,
            },
        )
        self.assertEqual(good.status_code, 200)
        self.assertEqual(self.portal_user.partner_id.cs_consent_ids.state, "given")

    def test_upload_over_the_request_limit_gets_the_translated_message(self):
        self.env.company.cs_intake_max_file_mb = 1
        self.authenticate("cs_portal", "cs_portal_pwd")
        token = self._token("/my/intakes/upload")
        big = make_pdf() + b"%" + b"x" * (3 * 1024 * 1024)
        # Odoo refuses any body over this size before the controller runs.
        with patch.object(http, "DEFAULT_MAX_CONTENT_LENGTH", 2 * 1024 * 1024):
            response = self.url_open(
                "/my/intakes/upload",
                data={
                    "csrf_token": token,
                    "description": "Factura",
                    "document_type_id": "",
                },
                files=[("files", ("factura.pdf", big, "application/pdf"))],
            )
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/intakes/upload", response.url)
        self.assertIn("Nothing was received: the files were too big", response.text)
        self.assertIn("1.0 MB", response.text)
        self.assertFalse(
            self.env["cs.intake"].search(
                [("partner_id", "=", self.portal_user.partner_id.id)]
            )
        )
        # Under the request limit, a file over the company limit is named.
        response = self.url_open(
            "/my/intakes/upload",
            data={
                "csrf_token": token,
                "description": "Factura",
                "document_type_id": "",
            },
            files=[("files", ("factura.pdf", big, "application/pdf"))],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("factura.pdf", response.text)
        self.assertIn("1.0 MB", response.text)
