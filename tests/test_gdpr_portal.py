import time

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .gdpr_common import GdprCase


@tagged("post_install", "-at_install")
class TestGdprPortal(GdprCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user.password = "cs_portal_pwd"
        cls.portal_partner = cls.portal_user.partner_id
        cls.portal_partner.email = "paula@example.com"

    def _post(self, url, data):
        page = self.url_open("/my/privacy")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        return self.url_open(url, data=dict(data, csrf_token=token))

    def test_page_gives_and_withdraws_own_consent(self):
        self.authenticate("cs_portal", "cs_portal_pwd")
        page = self.url_open("/my/privacy")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Commercial communications", page.text)
        self.assertIn(
            'aria-label="Give consent: Commercial communications, E-mail"', page.text
        )
        response = self._post(
            "/my/privacy/consent",
            {"purpose_id": self.commercial.id, "channel": "email", "decision": "give"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your consent has been recorded.", response.text)
        consent = self.portal_partner.cs_consent_ids
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.source, "portal")
        self.assertTrue(consent.sudo().proof_ip)
        self.assertTrue(self.portal_partner._cs_check_consent("commercial", "email"))
        self.assertFalse(self.customer_en.cs_consent_ids, "nobody else is touched")

    def test_portal_request_and_other_contacts_request_is_hidden(self):
        other = self.Request.sudo().create(
            {"partner_id": self.customer_en.id, "request_type": "access"}
        )
        self.authenticate("cs_portal", "cs_portal_pwd")
        response = self._post(
            "/my/privacy/request", {"request_type": "erasure", "description": "Bye"}
        )
        self.assertIn("Your request has been received.", response.text)
        mine = self.Request.sudo().search([("partner_id", "=", self.portal_partner.id)])
        self.assertEqual(mine.request_type, "erasure")
        self.assertEqual(mine.identity_method, "portal_login")
        self.assertIn(mine.name, response.text)
        self.assertNotIn(other.name, response.text)
        response = self.url_open(f"/my/privacy/request/{other.id}/export")
        self.assertEqual(response.status_code, 404)
        bad = self._post("/my/privacy/request", {"request_type": "objection"})
        self.assertEqual(bad.status_code, 404)

    def _form_token(self, response):
        return response.text.split('name="csrf_token" value="')[1].split('"')[0]

    def test_withdraw_link_one_click_and_forged_link(self):
        self._give(self.customer_en, self.commercial)
        url = self.customer_en._cs_withdraw_url("commercial", "email")
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        self.authenticate(None, None)
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.url_open(path, method="HEAD")
        self.url_open(path, data={"confirm": "1"})
        self.assertTrue(self.customer_en._cs_check_consent("commercial", "email"))
        done = self.url_open(path, data={"csrf_token": self._form_token(page)})
        self.assertIn("Done", done.text)
        self.assertFalse(self.customer_en._cs_check_consent("commercial", "email"))
        self.env.invalidate_all()
        withdrawn = self.customer_en.cs_current_consent_ids
        self.assertEqual(withdrawn.state, "withdrawn")
        # Another contact's id with this token, or a tampered token: 404, nothing told.
        forged = path.replace(f"/{self.customer_en.id}/", f"/{self.customer_es.id}/")
        self.assertEqual(
            self.url_open(forged, data={"List-Unsubscribe": "One-Click"}).status_code,
            404,
        )
        self.assertEqual(self.url_open(path[:-2] + "00").status_code, 404)
        self.assertFalse(self.customer_es.cs_consent_ids)

    def test_withdraw_link_rfc8058_one_click_post(self):
        self._give(self.customer_es, self.commercial)
        url = self.customer_es._cs_withdraw_url("commercial", "email")
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        page = self.url_open(path)
        self.assertIn('lang="es-ES"', page.text)
        self.assertIn("Retirar mi consentimiento", page.text)
        self.url_open(path, data={"List-Unsubscribe": "One-Click"})
        self.assertFalse(self.customer_es._cs_check_consent("commercial", "email"))

    def test_double_opt_in_link(self):
        pending = self.customer_en._cs_request_opt_in("commercial")
        body = pending.sudo().proof_message_id.body
        path = "/privacy/confirm/" + body.split("/privacy/confirm/")[1].split('"')[0]
        forged = path.replace(f"/{self.customer_en.id}/", f"/{self.customer_es.id}/")
        self.assertEqual(self.url_open(forged).status_code, 404)
        self.assertFalse(self.customer_es.cs_consent_ids)
        self.authenticate(None, None)
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_cs_opt_in_confirm", page.text)
        self.url_open(path, method="HEAD")
        with mute_logger("odoo.http"):
            self.assertEqual(self.url_open(path, data={"x": "1"}).status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(self.customer_en.cs_current_consent_ids.state, "pending")
        self.assertFalse(self.customer_en._cs_check_consent("commercial", "email"))
        done = self.url_open(path, data={"csrf_token": self._form_token(page)})
        self.assertIn("has been recorded", done.text)
        self.env.invalidate_all()
        given = self.customer_en.cs_current_consent_ids
        self.assertEqual(given.state, "given")
        self.assertEqual(given.source, "email")
        self.assertEqual(given.sudo().proof_message_id, pending.sudo().proof_message_id)
        self.assertTrue(given.sudo().proof_ip)
        self.assertTrue(self.customer_en._cs_check_consent("commercial", "email"))

    def test_expired_opt_in_link(self):
        stamp = int(time.time()) - 40 * 24 * 3600
        url = self.customer_en._cs_opt_in_url("commercial", "email", stamp)
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        self.assertEqual(self.url_open(path).status_code, 404)
        self.assertFalse(self.customer_en.cs_consent_ids)

    def test_tour_portal_user_withdraws_consent(self):
        self._give(self.portal_partner, self.commercial)
        self.start_tour(
            "/my/privacy", "customer_service_privacy_withdraw", login="cs_portal"
        )
        current = self.portal_partner.cs_current_consent_ids.filtered(
            lambda c: c.purpose_id == self.commercial and c.channel == "email"
        )
        self.assertEqual(current.state, "withdrawn")
        self.assertFalse(self.portal_partner._cs_check_consent("commercial", "email"))
