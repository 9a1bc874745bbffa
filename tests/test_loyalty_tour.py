from datetime import timedelta

from odoo import fields
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

    def test_agent_runs_todays_followup_and_sees_calendar(self):
        self.agent.password = "cs_agent_pwd"
        self._invoice(self.customer_en)
        followup = self.customer_en.cs_followup_ids
        # Agents see their teams' follow-ups and those they are responsible for.
        followup.user_id = self.agent
        followup.start_date = fields.Date.context_today(followup) - timedelta(days=7)
        followup._cs_schedule_next()
        self.start_tour(
            "/odoo/action-customer_service.cs_followup_today_action",
            "customer_service_followup_today",
            login="cs_agent",
        )
        self.assertEqual(followup.state, "in_progress")
        self.assertEqual(
            followup.next_step_id,
            self.env.ref("customer_service.cs_followup_step_after_sale_call"),
        )
        followup.next_date = fields.Date.context_today(followup)
        self.start_tour(
            "/odoo/action-customer_service.cs_followup_calendar_action",
            "customer_service_followup_calendar",
            login="cs_agent",
        )
