from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .intake_common import IntakeCase
from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestFollowupTeams(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_b = new_test_user(
            cls.env,
            login="cs_agent_team_b",
            name="Bea Back",
            groups="customer_service.group_cs_agent",
        )
        cls.other_team.user_ids = cls.agent_b
        cls.plan = cls.env.ref("customer_service.cs_followup_plan_after_sale")
        cls.plan.incident_team_id = cls.other_team
        cls.plan.auto_incident = True
        Followup = cls.env["cs.followup"]
        ticket_a = cls._ticket("email")
        # Team A's closed ticket, team B's incident plan, no team at all.
        cls.of_a = Followup.create(
            {
                "plan_id": cls.plan.id,
                "partner_id": cls.customer_en.id,
                "ticket_id": ticket_a.id,
            }
        )
        cls.of_b = Followup.create(
            {"plan_id": cls.plan.id, "partner_id": cls.customer_es.id}
        )
        cls.no_team_plan = cls.plan.copy({"incident_team_id": False})
        cls.of_none = Followup.create(
            {"plan_id": cls.no_team_plan.id, "partner_id": cls.customer_plain.id}
        )

    def test_team_of_a_followup(self):
        self.assertEqual(self.of_a.team_id, self.team, "the closed ticket's team")
        self.assertEqual(self.of_b.team_id, self.other_team, "else the plan's")
        self.assertFalse(self.of_none.team_id)

    def test_agents_see_and_answer_their_teams_followups_only(self):
        everything = self.of_a | self.of_b | self.of_none
        domain = [("id", "in", everything.ids)]
        Followup = self.env["cs.followup"]
        self.assertEqual(
            Followup.with_user(self.agent).search(domain), self.of_a | self.of_none
        )
        self.assertEqual(
            Followup.with_user(self.agent_b).search(domain), self.of_b | self.of_none
        )
        self.assertEqual(Followup.with_user(self.supervisor).search(domain), everything)
        # Team A's agent can neither read nor answer team B's follow-up (an answer
        # awards points and may open an incident).
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.of_b.with_user(self.agent).read(["satisfaction"])
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.of_b.with_user(self.agent).write({"fitness": "no"})
        self.assertFalse(self.of_b.fitness)
        self.assertFalse(self.of_b.incident_ticket_id)
        self.of_b.with_user(self.agent_b).write({"fitness": "no"})
        self.assertEqual(self.of_b.fitness, "no")
        self.assertEqual(self.of_b.incident_ticket_id.team_id, self.other_team)


@tagged("post_install", "-at_install")
class TestSupervisorOnlyFields(IntakeCase, LoyaltyCase):
    def test_agent_cannot_set_or_lift_legal_hold(self):
        held = self._intake(user=self.supervisor, legal_hold=True)
        self.assertTrue(held.legal_hold)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            held.with_user(self.agent).write({"legal_hold": False})
        self.assertTrue(held.legal_hold)
        free = self._intake()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            free.with_user(self.agent).write({"legal_hold": True})
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self._intake(legal_hold=True)
        # Writing the unchanged value (a form sending every field) is harmless.
        held.with_user(self.agent).write({"legal_hold": True, "description": "ok"})
        held.with_user(self.supervisor).write({"legal_hold": False})
        self.assertFalse(held.legal_hold)

    def test_agent_cannot_revoke_a_card(self):
        self._invoice(self.customer_en)
        card = self.customer_en.action_cs_loyalty_enrol()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            card.with_user(self.agent).action_cs_revoke("Because")
        self.assertEqual(card.cs_state, "active")
        card.with_user(self.supervisor).action_cs_revoke("Fraud")
        self.assertEqual(card.cs_state, "revoked")
