from odoo.tests import HttpCase, tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestTour(CustomerServiceCase, HttpCase):
    def test_greet_and_close_with_farewell(self):
        self.agent.password = "cs_agent_pwd"
        ticket = self._ticket("phone", name="Tour: broken kettle")
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
            "customer_service_greet_and_farewell",
            login="cs_agent",
        )
        self.assertTrue(ticket.cs_first_contact_date)
        self.assertTrue(ticket.closed)
        self.assertTrue(ticket.cs_farewell_done)
        self.assertIn(
            "Is there anything else I can help you with?",
            "".join(ticket.message_ids.mapped("body")),
        )
