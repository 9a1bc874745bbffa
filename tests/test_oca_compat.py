"""customer_service beside the OCA helpdesk family.

The CI runs these on a second database where the OCA modules are installed
(.ci/peer); elsewhere each class skips.
"""

from datetime import datetime, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import CustomerServiceCase


class OcaCase(CustomerServiceCase, MockEmail):
    oca_module = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oca_missing = cls.oca_module not in cls.env.registry._init_modules
        if not cls.oca_missing:
            cls._cs_consent_not_required("commercial", "survey", "loyalty")
            cls._oca_setup()

    @classmethod
    def _oca_setup(cls):
        pass

    def setUp(self):
        super().setUp()
        if self.oca_missing:
            self.skipTest(f"{self.oca_module} is not installed")

    def _notes_without_farewell(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: "Closed without the farewell check" in (m.body or "")
        )


@tagged("post_install", "-at_install", "cs_oca")
class TestOcaCloseInactive(OcaCase):
    oca_module = "helpdesk_ticket_close_inactive"

    @classmethod
    def _oca_setup(cls):
        cls.team.write(
            {
                "close_inactive_tickets": True,
                "inactive_tickets_day_limit_warning": 0,
                "inactive_tickets_day_limit_closing": 14,
                "ticket_stage_ids": [(6, 0, cls.stage_new.ids)],
                "closing_ticket_stage": cls.stage_done.id,
            }
        )

    def test_inactive_ticket_is_closed_by_the_cron_and_the_farewell_logged(self):
        # Even outside its agent's scope: the agent's limits do not bind the cron.
        self.env["cs.agent.scope"].create(
            {"user_id": self.agent.id, "max_priority": "0"}
        )
        ticket = self._ticket("chat", priority="2")
        self.assertTrue(ticket.cs_out_of_scope)
        ticket.last_stage_update = datetime.today() - timedelta(days=20)
        cron = self.env.ref(
            "helpdesk_ticket_close_inactive.ir_cron_close_inactive_tickets"
        )
        with self.mock_mail_gateway():
            # As the scheduled action runs it: its user, no web request.
            self.env["helpdesk.ticket.team"].with_user(cron.user_id).search(
                [("close_inactive_tickets", "=", True), ("id", "=", self.team.id)]
            ).close_team_inactive_tickets()
        self.assertTrue(ticket.closed)
        self.assertFalse(ticket.cs_farewell_done)
        self.assertIn("closed automatically", self._notes_without_farewell(ticket).body)


@tagged("post_install", "-at_install", "cs_oca")
class TestOcaMerge(OcaCase):
    oca_module = "helpdesk_mgmt_merge"

    def test_merge_goes_through(self):
        # As OCA's own tests do: moving the messages takes an administrator.
        first = self._ticket("chat")
        second = self._ticket("email")
        wizard = (
            self.env["helpdesk.ticket.merge"]
            .with_context(active_ids=[first.id, second.id])
            .create({})
        )
        wizard.dst_ticket_id = first
        wizard.merge_tickets()
        self.assertFalse(second.active)
        self.assertTrue(first.active)
        self.assertFalse(first.closed)


@tagged("post_install", "-at_install", "cs_oca")
class TestOcaSla(OcaCase):
    oca_module = "helpdesk_mgmt_sla"

    @classmethod
    def _oca_setup(cls):
        cls.env["cs.sla.policy"].search([]).active = False
        cls.env["helpdesk.sla"].search([]).active = False
        cls.policy = cls.env["cs.sla.policy"].create(
            {"name": "Company-wide", "resolution_hours": 16}
        )
        cls.oca_sla = cls.env["helpdesk.sla"].create(
            {"name": "OCA two hours", "hours": 2, "stage_id": cls.stage_done.id}
        )
        cls.other_team.use_sla = True

    def test_one_sla_per_ticket(self):
        ours = self._ticket("phone")
        self.assertEqual(ours.cs_sla_policy_id, self.policy)
        self.assertTrue(ours.cs_sla_resolution_deadline)
        self.assertFalse(ours.ticket_sla_ids)
        oca = self._ticket("phone", team_id=self.other_team.id)
        self.assertEqual(oca.ticket_sla_ids.sla_id, self.oca_sla)
        self.assertFalse(oca.cs_sla_policy_id)
        self.assertFalse(oca.cs_sla_resolution_deadline)
        # The scheduled evaluation leaves the OCA-planned ticket alone.
        self.env["helpdesk.ticket"]._cron_cs_escalation(commit=False)
        self.assertFalse(oca.cs_sla_status)

    def test_the_two_cannot_both_claim_a_team(self):
        with self.assertRaisesRegex(ValidationError, "ticks “Use SLA”"):
            self.env["cs.sla.policy"].create(
                {
                    "name": "Back office",
                    "team_id": self.other_team.id,
                    "resolution_hours": 8,
                }
            )
        self.env["cs.sla.policy"].create(
            {"name": "Front desk", "team_id": self.team.id, "resolution_hours": 8}
        )
        with self.assertRaisesRegex(UserError, "a ticket follows one SLA"):
            self.team.use_sla = True


@tagged("post_install", "-at_install", "cs_oca")
class TestOcaRating(OcaCase):
    oca_module = "helpdesk_mgmt_rating"

    def _close(self, ticket):
        with self.mock_mail_gateway():
            ticket.with_context(cs_farewell_checked=True).write(
                {"stage_id": self.stage_done.id, "cs_farewell_done": True}
            )

    def _oca_rating_requests(self, ticket):
        # Our survey's quick-rating link also makes a rating token: look at the mail.
        return ticket.message_ids.filtered(
            lambda m: "Tell us how you feel about our service" in (m.body or "")
        )

    def test_stage_rating_replaces_the_survey(self):
        self.stage_done.rating_mail_template_id = self.env.ref(
            "helpdesk_mgmt_rating.rating_ticket_email_template"
        )
        ticket = self._ticket("email")
        self._close(ticket)
        self.assertEqual(len(self._oca_rating_requests(ticket)), 1)
        self.assertEqual(len(ticket.rating_ids), 1)
        self.assertFalse(ticket.cs_survey_input_ids)
        stat = self.env["cs.satisfaction.stat"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(stat.mapped("source"), ["rating"])

    def test_survey_when_the_stage_sends_no_rating(self):
        self.stage_done.rating_mail_template_id = False
        ticket = self._ticket("email")
        self._close(ticket)
        self.assertFalse(self._oca_rating_requests(ticket))
        self.assertEqual(len(ticket.cs_survey_input_ids), 1)

    def test_ticket_opted_out_of_rating_gets_the_survey(self):
        self.stage_done.rating_mail_template_id = self.env.ref(
            "helpdesk_mgmt_rating.rating_ticket_email_template"
        )
        ticket = self._ticket("email", rating_status="no_rate")
        self._close(ticket)
        self.assertFalse(self._oca_rating_requests(ticket))
        self.assertEqual(len(ticket.cs_survey_input_ids), 1)


@tagged("post_install", "-at_install", "cs_oca")
class TestOcaProduct(OcaCase):
    oca_module = "helpdesk_product"

    @classmethod
    def _oca_setup(cls):
        cls.kettle = cls.env["product.product"].create(
            {"name": "Kettle K-200", "type": "consu", "ticket_active": True}
        )
        cls.toaster = cls.env["product.product"].create(
            {"name": "Toaster T-1", "type": "consu", "ticket_active": True}
        )

    def test_product_of_the_ticket_is_ours(self):
        ticket = self._ticket("email", product_id=self.kettle.id)
        self.assertEqual(ticket.cs_product_id, self.kettle)
        form = Form(ticket.with_user(self.agent))
        form.product_id = self.toaster
        form.save()
        self.assertEqual(ticket.cs_product_id, self.toaster)
        # Ours written by code (a follow-up's incident) shows in the OCA field.
        ticket.cs_product_id = self.kettle
        self.assertEqual(ticket.product_id, self.kettle)

    def test_follow_up_and_survey_carry_the_product(self):
        ticket = self._ticket("email", product_id=self.kettle.id)
        with self.mock_mail_gateway():
            ticket.with_context(cs_farewell_checked=True).write(
                {"stage_id": self.stage_done.id, "cs_farewell_done": True}
            )
        self.assertEqual(ticket.cs_survey_input_ids.cs_product_id, self.kettle)
        followup = self.customer_en.cs_followup_ids.filtered(
            lambda f: f.ticket_id == ticket
        )
        self.assertEqual(followup.product_id, self.kettle)
        stat = self.env["cs.satisfaction.stat"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(stat.product_id, self.kettle)
