import re
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, Form, new_test_user, tagged

from ..tools.satisfaction_conclusions import draft_conclusions
from .satisfaction_common import SatisfactionCase


class BracketEnv:
    """Translates every text by wrapping it in brackets, to spot what is not."""

    @staticmethod
    def _(source, **kwargs):
        return "[" + (source % kwargs if kwargs else source) + "]"


@tagged("at_install", "-post_install", "cs_tools", "cs_satisfaction")
class TestConclusionsTranslatable(BaseCase):
    def test_every_word_goes_through_the_translation_function(self):
        def kpis(answered, nps, csat, ces, rate):
            return {
                "answered": answered,
                "sent": answered * 2,
                "nps": nps,
                "csat": csat,
                "ces": ces,
                "response_rate": rate,
                "small_sample": answered < 30,
                "csat_ci": (70.0, 90.0),
            }

        segments = [
            {
                "label": "[the Phone channel]",
                "current": kpis(40, 10.0, 60.0, 5.0, 40.0),
                "previous": kpis(40, 50.0, 90.0, 3.0, 60.0),
                "sla_breaches": 8,
                "sla_breaches_prev": 2,
            }
        ]
        sentences = draft_conclusions(
            BracketEnv(),
            kpis(12, 10.0, 60.0, 5.0, 40.0),
            kpis(50, 50.0, 90.0, 3.0, 60.0),
            segments,
            extra={
                "worst_category": {"name": "Billing", "complaints": 9, "csat": 41.0},
                "sla_detractor": {"breached_rate": 60.0, "on_track_rate": 20.0},
                "top_typology": {"name": "Waiting time", "count": 7},
            },
        )
        self.assertGreaterEqual(len(sentences), 7)
        for sentence in sentences:
            # Nested brackets removed from the inside out: only the final full
            # stop may stay outside a translated text.
            rest = sentence
            while True:
                stripped = re.sub(r"\[[^\[\]]*\]", "", rest)
                if stripped == rest:
                    break
                rest = stripped
            self.assertIn(rest, ("", "."), sentence)


@tagged("post_install", "-at_install", "cs_satisfaction")
class TestSatisfactionTeamQuality(SatisfactionCase):
    """Quality managed with the team: owners, team leaders, approval, language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._seed_two_periods()
        # Leads the back office without being one of its members.
        cls.leader = new_test_user(
            cls.env,
            login="cs_leader",
            name="Lola Líder",
            groups="customer_service.group_cs_supervisor",
        )
        cls.other_team.user_id = cls.leader
        cls.rule.supervisor_id = False
        cls.back_ticket = cls._ticket(
            "phone",
            partner=cls.customer_plain,
            user=cls.other_agent,
            team_id=cls.other_team.id,
        )
        cls.back_answers = cls.env["survey.user_input"]
        for days in (1, 2, 3):
            cls.back_answers |= cls._answer(
                cls.back_ticket, csat=1, nps=1, ces=7, days_ago=days
            )

    def _proposal(self, report, owner):
        return self.env["cs.satisfaction.action"].create(
            {
                "report_id": report.id,
                "name": "Call back every customer who waited over 5 minutes",
                "owner_id": owner.id,
                "date_deadline": self.today + timedelta(days=30),
                "description": "Agreed at the team meeting.",
            }
        )

    # ------------------------------------------------------------------
    # Owner of an improvement proposal
    # ------------------------------------------------------------------

    def test_agent_owner_opens_and_updates_progress(self):
        report = self._current()
        proposal = self._proposal(report, self.agent)
        as_owner = proposal.with_user(self.agent)
        # What the form loads: the report's name comes along, without access to it.
        data = as_owner.web_read(
            {
                "name": {},
                "state": {},
                "progress_note": {},
                "cs_can_manage": {},
                "report_id": {"fields": {"display_name": {}}},
            }
        )[0]
        self.assertEqual(data["report_id"]["display_name"], report.name)
        self.assertFalse(data["cs_can_manage"])
        with Form(as_owner) as form:
            with self.assertRaises(AssertionError):
                form.name = "Only a supervisor renames it"
            form.state = "in_progress"
            form.progress_note = "Call-back list set up for the morning shift."
        self.assertRecordValues(
            proposal,
            [
                {
                    "state": "in_progress",
                    "progress_note": "Call-back list set up for the morning shift.",
                }
            ],
        )
        self.assertIn(
            as_owner, as_owner.search([("owner_id", "=", self.agent.id)]), "listed"
        )
        as_owner.message_post(body="Half of the calls done.")
        as_owner.activity_ids.action_feedback("Started")
        self.assertFalse(proposal.activity_ids)
        with self.assertRaisesRegex(AccessError, "Ask a supervisor"):
            as_owner.write({"date_deadline": self.today + timedelta(days=90)})
        with self.assertRaises(AccessError):
            as_owner.unlink()
        with self.assertRaises(AccessError):
            self.env["cs.satisfaction.action"].with_user(self.agent).create(
                {
                    "report_id": report.id,
                    "name": "Mine",
                    "owner_id": self.agent.id,
                    "date_deadline": self.today,
                }
            )
        # Another agent neither sees nor updates it.
        as_other = proposal.with_user(self.other_agent)
        self.assertFalse(as_other.search([]))
        with self.assertRaises(AccessError):
            as_other.read(["name"])
        # The supervisor still manages every field.
        proposal.with_user(self.supervisor).date_deadline = self.today
        self.assertTrue(proposal.with_user(self.supervisor).cs_can_manage)

    # ------------------------------------------------------------------
    # Team leader who is not a member
    # ------------------------------------------------------------------

    def test_team_leader_sees_answers_and_generates_report(self):
        self.assertNotIn(self.leader, self.other_team.user_ids)
        deficient = self.back_answers.filtered("cs_deficiency")
        self.assertTrue(deficient, "low scores are deficiencies")
        activity = self.env["mail.activity"].search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", self.back_ticket.id),
            ]
        )
        self.assertIn(self.leader, activity.user_id, "the leader gets the alert")
        Answer = self.env["survey.user_input"].with_user(self.leader)
        visible = Answer.search([("cs_is_satisfaction", "=", True)])
        self.assertEqual(visible, self.back_answers, "their team's answers only")
        visible.read(["cs_csat", "cs_nps"])
        stats = self.env["cs.satisfaction.stat"].with_user(self.leader).search([])
        self.assertEqual(set(stats.team_id.ids), {self.other_team.id})

        report = self._generate(
            self.leader, self.today - timedelta(days=29), self.today
        )
        self.assertEqual(report.team_ids, self.other_team)
        self.assertRecordValues(
            report, [{"answered": 3, "deficiency_count": 3, "user_id": self.leader.id}]
        )
        self.assertEqual(
            report.with_user(self.leader).deficiency_input_ids, self.back_answers
        )
        # Leading one team gives nothing on the others.
        with self.assertRaisesRegex(UserError, "own teams"), self.env.cr.savepoint():
            self._generate(
                self.leader,
                self.today - timedelta(days=29),
                self.today,
                team_ids=[fields.Command.set(self.team.ids)],
            )
        front = self._current()
        with self.assertRaises(AccessError):
            front.with_user(self.leader).read(["name"])

    def test_agent_leading_a_team_sees_its_answers(self):
        self.other_team.user_id = self.agent
        visible = (
            self.env["survey.user_input"]
            .with_user(self.agent)
            .search([("cs_team_id", "=", self.other_team.id)])
        )
        self.assertEqual(visible, self.back_answers)
        self.other_team.user_id = self.leader
        self.assertFalse(
            self.env["survey.user_input"]
            .with_user(self.agent)
            .search([("cs_team_id", "=", self.other_team.id)])
        )

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------

    def test_approval_needs_a_proposal_or_a_reason(self):
        report = self._current()
        report.action_submit()
        as_manager = report.with_user(self.manager)
        with (
            self.assertRaisesRegex(UserError, "has no improvement proposal"),
            self.env.cr.savepoint(),
        ):
            as_manager.action_approve()
        as_manager.no_action_reason = "   "
        with (
            self.assertRaisesRegex(UserError, "Why No Proposal Is Needed"),
            self.env.cr.savepoint(),
        ):
            as_manager.action_approve()
        self.assertEqual(report.state, "review")
        as_manager.no_action_reason = "Every figure is on target this quarter."
        as_manager.action_approve()
        self.assertEqual(report.state, "approved")

        with_proposal = self._current()
        self._proposal(with_proposal, self.agent)
        with_proposal.action_submit()
        with_proposal.with_user(self.manager).action_approve()
        self.assertEqual(with_proposal.state, "approved")

    def test_approval_refusal_is_translated(self):
        report = self._current()
        report.action_submit()
        self.manager.lang = "es_ES"
        with self.assertRaisesRegex(UserError, "no tiene ninguna propuesta de mejora"):
            report.with_user(self.manager).with_context(lang="es_ES").action_approve()

    # ------------------------------------------------------------------
    # Language of the conclusions
    # ------------------------------------------------------------------

    def test_conclusions_in_the_report_language(self):
        self.supervisor.lang = "es_ES"
        # with_user keeps the test's context: the report follows its author.
        report = self._current()
        self.assertEqual(report.lang, "es_ES")
        self.assertIn(
            "NPS bajó 100 puntos respecto al periodo anterior", report.conclusions
        )
        self.assertIn("Solo 10 respuestas", report.conclusions)
        self.assertNotIn("against the previous period", report.conclusions)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("customer_service.report_cs_satisfaction", report.ids)[0]
            .decode()
        )
        self.assertIn("NPS bajó 100 puntos", html)
        self.assertIn("Conclusiones", html, "the printed report follows its language")

        report.lang = "en_US"
        report.action_regenerate()
        self.assertIn(
            "NPS fell 100 points against the previous period", report.conclusions
        )
