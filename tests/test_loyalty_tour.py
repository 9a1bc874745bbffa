from odoo.tests import HttpCase, tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestLoyaltyTour(LoyaltyCase, HttpCase):
    def test_agent_enrols_from_ticket_and_sends_card(self):
        self.agent.password = "cs_agent_pwd"
        self._invoice(self.customer_en)
        ticket = self._ticket("email", name="Tour: loyalty offer")
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
            "customer_service_loyalty_enrol_and_send",
            login="cs_agent",
        )
        card = self.customer_en.cs_loyalty_card_ids
        self.assertEqual(card.cs_state, "active")
        sent = card.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(sent), 1)
        self.assertIn(card.code, sent.body)
        self.assertEqual(len(sent.attachment_ids), 1)
        self.assertEqual(sent.partner_ids, self.customer_en)
