from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user

from .common import CustomerServiceCase


class SatisfactionCase(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._cs_consent_not_required("commercial", "survey", "loyalty")
        cls.manager = new_test_user(
            cls.env,
            login="cs_manager",
            name="Marta Manager",
            groups="customer_service.group_cs_manager",
        )
        cls.other_agent = new_test_user(
            cls.env,
            login="cs_agent2",
            name="Otto Otro",
            groups="customer_service.group_cs_agent",
        )
        cls.other_team.user_ids = cls.other_agent
        cls.team.user_id = cls.supervisor
        cls.survey = cls.env.ref("customer_service.survey_cs_satisfaction")
        cls.rule = cls.env.ref("customer_service.cs_survey_rule_ticket_closed")
        cls.rule.write({"team_ids": False, "company_id": cls.company.id})
        cls.questions = {q.cs_metric: q for q in cls.survey.question_ids if q.cs_metric}
        # Demo answers would blur hand-computed figures.
        cls.env["survey.user_input"].search(
            [("cs_is_satisfaction", "=", True)]
        ).unlink()

    @classmethod
    def _answer(
        cls,
        ticket,
        csat=None,
        nps=None,
        ces=None,
        comment=None,
        reasons=(),
        delivery="email",
        days_ago=0,
    ):
        """An answer sent for ``ticket`` and filled as the customer would."""
        answer = cls.rule._cs_create_answer(ticket, delivery)
        if days_ago:
            answer.cs_sent_date = fields.Datetime.now() - timedelta(days=days_ago)
        if csat is None and nps is None and ces is None and not comment:
            return answer
        for metric, value in (("csat", csat), ("nps", nps), ("ces", ces)):
            if value is not None:
                answer._save_lines(cls.questions[metric], str(value))
        if reasons:
            choices = cls.questions["reason"].suggested_answer_ids
            answer._save_lines(
                cls.questions["reason"],
                [choices.filtered(lambda c, r=r: c.value == r).id for r in reasons],
            )
        if comment:
            answer._save_lines(cls.questions["comment"], comment)
        answer._mark_done()
        return answer

    @classmethod
    def _seed_two_periods(cls):
        cls.today = fields.Date.context_today(cls.env.user)
        phone = cls._ticket("phone", partner=cls.customer_es)
        email = cls._ticket("email", partner=cls.customer_en)
        # Previous period (30 to 59 days ago): everybody promotes.
        for days in range(35, 40):
            cls._answer(phone, csat=5, nps=10, ces=2, days_ago=days)
            cls._answer(email, csat=5, nps=10, ces=2, days_ago=days)
        # This period: the phone channel collapses, e-mail holds.
        for days in range(1, 6):
            cls._answer(phone, csat=1, nps=2, ces=6, days_ago=days)
            cls._answer(email, csat=5, nps=10, ces=2, days_ago=days)
        cls._answer(email, days_ago=2)  # sent, never answered

    def _generate(self, user, date_from, date_to, **values):
        wizard = self.env["cs.satisfaction.report.wizard"].with_user(user)
        action = wizard.create(
            dict(values, date_from=date_from, date_to=date_to)
        ).action_generate()
        return self.env["cs.satisfaction.report"].browse(action["res_id"])

    def _current(self, user=None):
        return self._generate(
            user or self.supervisor,
            self.today - timedelta(days=29),
            self.today,
        )
