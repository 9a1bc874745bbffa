from datetime import timedelta

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from .common import CustomerServiceCase
from .loyalty_common import LoyaltyCase


def round_the_clock(env):
    return env["resource.calendar"].create(
        {
            "name": "24/7",
            "tz": "UTC",
            "attendance_ids": [(5, 0, 0)]
            + [
                (
                    0,
                    0,
                    {
                        "name": str(day),
                        "dayofweek": str(day),
                        "hour_from": 0,
                        "hour_to": 24,
                        "day_period": "morning",
                    },
                )
                for day in range(7)
            ],
        }
    )


@tagged("post_install", "-at_install")
class TestLoyaltyTierSla(LoyaltyCase):
    """Creation steps in order: the tier raises the priority, then the SLA matched on
    that priority is planned with the tier's factor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["cs.sla.policy"].search([]).active = False
        calendar = round_the_clock(cls.env)
        Policy = cls.env["cs.sla.policy"]
        cls.sla_normal = Policy.create(
            {
                "name": "Normal",
                "team_id": cls.team.id,
                "priority": "1",
                "calendar_id": calendar.id,
                "resolution_hours": 20,
            }
        )
        cls.sla_urgent = Policy.create(
            {
                "name": "Urgent",
                "team_id": cls.team.id,
                "priority": "3",
                "calendar_id": calendar.id,
                "first_response_hours": 2,
                "resolution_hours": 8,
            }
        )

    def _hours_after_start(self, ticket, moment):
        return round((moment - ticket.cs_sla_start).total_seconds() / 3600, 2)

    def test_gold_member_ticket_gets_tier_priority_then_shortened_sla(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        card.points = 500
        self.assertEqual(card.cs_tier_id, self.gold)
        ticket = self._ticket("phone", priority="1")
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(
            ticket.cs_sla_policy_id,
            self.sla_urgent,
            "the SLA is matched on the priority the tier gave, not the one typed",
        )
        self.assertEqual(ticket.cs_sla_factor, 0.5)
        self.assertEqual(
            self._hours_after_start(ticket, ticket.cs_sla_resolution_deadline), 4.0
        )
        self.assertEqual(
            self._hours_after_start(ticket, ticket.cs_sla_first_response_deadline), 1.0
        )
        # The scheduled evaluation measures against the same shortened target.
        ticket.write({"cs_sla_start": ticket.cs_sla_start - timedelta(hours=3)})
        ticket.cs_first_contact_date = ticket.cs_sla_start
        self.env["helpdesk.ticket"]._cron_cs_escalation(commit=False)
        self.assertAlmostEqual(ticket.cs_sla_consumed, 75.0, delta=1)
        self.assertEqual(ticket.cs_sla_status, "at_risk")

    def test_tier_factor_is_kept_when_points_change_later(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        card.points = 150
        self.assertEqual(card.cs_tier_id, self.silver)
        ticket = self._ticket("phone", priority="1")
        self.assertEqual(ticket.cs_sla_policy_id, self.sla_normal)
        self.assertEqual(
            self._hours_after_start(ticket, ticket.cs_sla_resolution_deadline), 15.0
        )
        card.points = 0
        ticket._cs_sla_replan()
        self.assertEqual(
            self._hours_after_start(ticket, ticket.cs_sla_resolution_deadline), 15.0
        )

    def test_non_member_gets_the_full_target(self):
        ticket = self._ticket("phone", partner=self.customer_es, priority="1")
        self.assertFalse(ticket.cs_loyalty_tier_id)
        self.assertEqual(ticket.cs_sla_policy_id, self.sla_normal)
        self.assertEqual(ticket.cs_sla_factor, 1.0)
        self.assertEqual(
            self._hours_after_start(ticket, ticket.cs_sla_resolution_deadline), 20.0
        )


@tagged("post_install", "-at_install")
class TestFarewellPaths(CustomerServiceCase):
    """The farewell check holds an agent closing by hand; other paths close and log."""

    def _missing_farewell_notes(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: "Closed without the farewell check" in (m.body or "")
        )

    def test_agent_closing_from_the_form_is_refused(self):
        ticket = self._ticket("chat")
        form = Form(ticket.with_user(self.agent))
        form.stage_id = self.stage_done
        with self.assertRaisesRegex(UserError, "cannot be closed yet"):
            form.save()
        self.assertFalse(ticket.closed)

    def test_agent_closing_from_list_or_kanban_is_refused(self):
        tickets = self._ticket("chat") | self._ticket("phone")
        with self.assertRaisesRegex(UserError, "cannot be closed yet"):
            tickets.with_user(self.agent).web_save(
                {"stage_id": self.stage_done.id}, {"stage_id": {}}
            )
        with self.assertRaisesRegex(UserError, "cannot be closed yet"):
            tickets.with_user(self.agent).web_save_multi(
                [{"stage_id": self.stage_done.id}] * 2, {"stage_id": {}}
            )
        self.assertFalse(any(tickets.mapped("closed")))

    def test_web_save_after_the_farewell_closes(self):
        ticket = self._ticket("chat")
        ticket.with_context(cs_farewell_checked=True).cs_farewell_done = True
        ticket.with_user(self.agent).web_save(
            {"stage_id": self.stage_done.id}, {"stage_id": {}}
        )
        self.assertTrue(ticket.closed)
        self.assertFalse(self._missing_farewell_notes(ticket))

    def test_code_closing_goes_through_and_is_logged(self):
        ticket = self._ticket("chat")
        ticket.with_user(self.agent).write({"stage_id": self.stage_done.id})
        self.assertTrue(ticket.closed)
        note = self._missing_farewell_notes(ticket)
        self.assertEqual(len(note), 1)
        self.assertIn("closed automatically or by another feature", note.body)
        # Reopened and closed again from code: logged again, never refused.
        ticket.stage_id = self.stage_progress
        self.assertFalse(ticket.cs_farewell_done)
        ticket.stage_id = self.stage_done
        self.assertEqual(len(self._missing_farewell_notes(ticket)), 2)

    def test_closing_after_the_farewell_logs_nothing(self):
        ticket = self._ticket("chat")
        ticket.with_context(cs_farewell_checked=True).write(
            {"stage_id": self.stage_done.id, "cs_farewell_done": True}
        )
        self.assertTrue(ticket.closed)
        self.assertFalse(self._missing_farewell_notes(ticket))

    def test_import_closes(self):
        ticket = self._ticket("chat")
        result = (
            self.env["helpdesk.ticket"]
            .with_user(self.supervisor)
            .load(
                ["id", "stage_id/id"],
                [
                    [
                        ticket._export_rows([["id"]])[0][0],
                        "helpdesk_mgmt.helpdesk_ticket_stage_done",
                    ]
                ],
            )
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertTrue(ticket.closed)
        self.assertTrue(self._missing_farewell_notes(ticket))


@tagged("post_install", "-at_install")
class TestFarewellPortal(CustomerServiceCase, HttpCase):
    def test_customer_closing_from_the_portal(self):
        self.stage_done.close_from_portal = True
        self.portal_user.password = "cs_portal_pwd"
        ticket = self._ticket("chat", partner=self.portal_user.partner_id)
        self.authenticate("cs_portal", "cs_portal_pwd")
        self.url_open(
            f"/ticket/close?ticket_id={ticket.id}&stage_id={self.stage_done.id}"
        )
        self.assertTrue(ticket.closed)
        note = ticket.message_ids.filtered(
            lambda m: "Closed without the farewell check" in (m.body or "")
        )
        self.assertIn("the customer closed it", note.body)
