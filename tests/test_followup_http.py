from odoo import http
from odoo.tests import HttpCase, tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestFollowupLinks(LoyaltyCase, HttpCase):
    def test_one_tap_answers(self):
        self._invoice(self.customer_en)
        followup = self.customer_en.cs_followup_ids
        token = followup._cs_answer_token()
        response = self.url_open(f"/cs/followup/{token}/rate/5")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your answer has been recorded", response.text)
        self.assertEqual(followup.satisfaction, "happy")
        self.assertFalse(followup.incident_ticket_id)
        self.url_open(f"/cs/followup/{token}/fit/no")
        self.assertEqual(followup.fitness, "no")
        self.assertTrue(followup.incident_ticket_id)
        self.assertEqual(self.url_open("/cs/followup/nonsense/rate/5").status_code, 404)
        self.assertEqual(self.url_open(f"/cs/followup/{token}/rate/4").status_code, 404)


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
