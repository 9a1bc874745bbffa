from odoo.tests import HttpCase, tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestEscalationTour(CustomerServiceCase, HttpCase):
    def test_agent_escalates_with_reason(self):
        self.agent.password = "cs_agent_pwd"
        self.team.user_id = self.supervisor
        ticket = self._ticket("phone", name="Tour: refund request")
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{ticket.id}",
            "customer_service_manual_escalation",
            login="cs_agent",
        )
        self.assertEqual(ticket.cs_escalation_level, 2)
        history = ticket.cs_escalation_history_ids
        self.assertEqual((history.kind, history.user_id), ("manual", self.agent))
        self.assertEqual(
            history.reason, "The customer asks for a refund above my limit"
        )
        self.assertEqual(ticket.user_id, self.supervisor)
