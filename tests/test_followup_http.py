import lxml.html

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestFollowupLinks(LoyaltyCase, HttpCase):
    def _form(self, response):
        form = lxml.html.fromstring(response.content).xpath(
            "//form[contains(@action, '/answer')]"
        )[0]
        return form, {
            i.get("name"): i.get("value")
            for i in form.xpath(".//input[@type='hidden']")
        }

    def test_links_only_show_a_form_and_post_with_token_records(self):
        self._invoice(self.customer_es)
        followup = self.customer_es.cs_followup_ids
        token = followup._cs_answer_token()
        self.authenticate(None, None)
        url = f"/cs/followup/{token}/rate/1"
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.url_open(url, method="HEAD")
        self.url_open(f"/cs/followup/{token}/fit/no", method="HEAD")
        self.url_open(f"/cs/followup/{token}/fit/no")
        followup.invalidate_recordset()
        self.assertFalse(
            followup.satisfaction or followup.fitness, "a link is no answer"
        )
        self.assertFalse(followup.incident_ticket_id)
        form, hidden = self._form(page)
        self.assertEqual(form.get("method"), "post")
        self.assertIn('lang="es-ES"', page.text)
        checked = form.xpath(".//input[@type='radio'][@checked]")
        self.assertEqual([i.get("value") for i in checked], ["1"])
        for radio in form.xpath(".//input[@type='radio']"):
            self.assertTrue(form.xpath(f".//label[@for='{radio.get('id')}']"))
        # A POST on the link itself, or on the form without its token: nothing.
        self.assertEqual(self.url_open(url, data={"x": "1"}).status_code, 405)
        answer_url = form.get("action")
        with mute_logger("odoo.http"):
            no_token = self.url_open(answer_url, data={"kind": "rate", "value": "1"})
        self.assertEqual(no_token.status_code, 400)
        followup.invalidate_recordset()
        self.assertFalse(followup.satisfaction)
        # The customer's submit records the answer and opens the incident.
        done = self.url_open(answer_url, data=dict(hidden, value="1"))
        self.assertEqual(done.status_code, 200)
        self.assertIn("Su respuesta ha quedado registrada", done.text)
        followup.invalidate_recordset()
        self.assertEqual(followup.satisfaction, "unhappy")
        self.assertTrue(followup.incident_ticket_id)
        __, hidden = self._form(self.url_open(f"/cs/followup/{token}/fit/yes"))
        self.url_open(answer_url, data=dict(hidden, value="yes"))
        followup.invalidate_recordset()
        self.assertEqual(followup.fitness, "yes")
        self.assertEqual(self.url_open("/cs/followup/nonsense/rate/5").status_code, 404)
        self.assertEqual(self.url_open(f"/cs/followup/{token}/rate/4").status_code, 404)
        bad = self.url_open(answer_url, data=dict(hidden, kind="fit", value="maybe"))
        self.assertEqual(bad.status_code, 404)

    def test_mail_links_point_to_the_page(self):
        self._invoice(self.customer_en)
        followup = self.customer_en.cs_followup_ids
        template = self.env.ref(
            "customer_service.mail_template_cs_followup_satisfaction"
        )
        body = template._render_field("body_html", followup.ids)[followup.id]
        token = followup._cs_answer_token()
        self.assertIn(f"/cs/followup/{token}/rate/5", body)
        self.assertIn(f"/cs/followup/{token}/fit/no", body)


@tagged("post_install", "-at_install")
class TestLoyaltyPortal(LoyaltyCase, HttpCase):
    def test_portal_join_download_and_isolation(self):
        self.program.write({"cs_min_invoice_count": 0, "cs_min_total_spent": 0})
        self.portal_user.password = "cs_portal_pwd"
        self._invoice(self.customer_en)
        other_card = self.customer_en.action_cs_loyalty_enrol()
        self.authenticate("cs_portal", "cs_portal_pwd")
        page = self.url_open("/my/membership")
        self.assertIn("Join the programme", page.text)
        self.assertNotIn(other_card.code, page.text)
        response = self.url_open(
            "/my/membership/join", data={"csrf_token": http.Request.csrf_token(self)}
        )
        self.assertEqual(response.status_code, 200)
        card = self.portal_user.partner_id.cs_loyalty_card_ids
        self.assertEqual(card.cs_enrol_channel, "portal")
        self.assertIn(card.code, response.text)
        self.assertNotIn("Join the programme", response.text)
        pdf = self.url_open(f"/my/membership/{card.id}/card.pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        self.assertEqual(
            self.url_open(f"/my/membership/{other_card.id}/card.pdf").status_code, 404
        )
        cards = self.env["loyalty.card"].with_user(self.portal_user).search([])
        self.assertEqual(cards, card)
