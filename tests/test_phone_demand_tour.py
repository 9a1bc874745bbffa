import lxml.html

from odoo.tests import HttpCase, tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestPhoneDemandTour(CustomerServiceCase, HttpCase):
    """A phone demand from its key to its answer, as the agent clicks it, then as the
    customer follows it on the public page with the key and their phone number."""

    def _track(self, key, factor):
        page = self.url_open("/cs/track")
        form = lxml.html.fromstring(page.content).xpath("//form[@action='/cs/track']")[
            0
        ]
        token = form.xpath(".//input[@name='csrf_token']")[0].get("value")
        return self.url_open(
            "/cs/track", data={"csrf_token": token, "key": key, "factor": factor}
        )

    def test_phone_demand_from_key_to_answer(self):
        self.agent.password = "cs_agent_pwd"
        ticket = self._ticket(
            "phone", name="Tour: where is my order", cs_request_kind="query"
        )
        key = ticket.cs_tracking_key
        self.assertTrue(key)
        self.assertTrue(ticket.cs_legal_deadline)
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
            "customer_service_phone_demand",
            login="cs_agent",
        )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.cs_ack_mode, "spoken")
        self.assertTrue(ticket.cs_ack_sent_date)
        self.assertEqual(
            ticket.cs_answer_text, "Your order leaves our warehouse tomorrow morning."
        )
        self.assertTrue(ticket.closed)
        self.assertEqual(ticket.cs_legal_state, "answered")
        notes = ticket.message_ids.mapped("body")
        spelt = " ".join(key.replace("-", ""))
        self.assertTrue(
            any(spelt in (body or "") or key in (body or "") for body in notes),
            "the script read out on the phone gives the key",
        )
        # The customer follows it with the key and the phone number they called from.
        page = self._track(key.lower(), self.customer_en.phone)
        self.assertEqual(page.status_code, 200)
        self.assertIn("o_cs_track_result", page.text)
        self.assertIn("(answered)", page.text)
        wrong = self._track(key, "+34 600 999 999")
        self.assertNotIn("o_cs_track_result", wrong.text)
