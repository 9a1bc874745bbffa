import random
from datetime import timedelta

from odoo import api, fields, models

DELIVERY_BY_KIND = {"sms": "sms", "phone": "sms", "in_person": "kiosk"}


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    @api.model
    def _cs_demo_generate(self, count=720, months=7, seed=42):
        """Satisfaction answers spread over the last months and every channel, with
        the Phone channel getting worse in the last quarter (demo data only)."""
        rnd = random.Random(seed)
        survey = self.env.ref("customer_service.survey_cs_satisfaction")
        rule = self.env.ref("customer_service.cs_survey_rule_ticket_closed")
        tickets = self.env["helpdesk.ticket"].search([("partner_id", "!=", False)])
        active = [("active", "=", True)]
        channels = self.env["helpdesk.ticket.channel"].search(active)
        teams = self.env["helpdesk.ticket.team"].search(active)
        categories = self.env["helpdesk.ticket.category"].search(active)
        agents = self.env.ref("base.user_admin") | self.env.ref("base.user_demo")
        partners = self.env["res.partner"].search(
            [("email", "!=", False), ("is_company", "=", False)], limit=40
        )
        comments = [
            "Me atendieron muy rápido y con amabilidad.",
            "Tuve que esperar más de media hora, un desastre.",
            "No me atendieron, nadie cogió el teléfono.",
            "La información no era clara, sigo sin entender la factura.",
            "El producto llegó roto.",
            "Demasiado caro para lo que ofrecen.",
            "The agent was very friendly and helpful.",
            "I waited ages in the queue.",
            "Nobody helped me, the call was cut off twice.",
            "Clear explanation, thanks!",
            "The price is too expensive.",
            False,
            False,
            False,
        ]
        now = fields.Datetime.now()
        vals_list = []
        for index in range(count):
            age = rnd.uniform(0, months * 30.5)
            sent = now - timedelta(days=age)
            channel = channels[index % len(channels)]
            recent = age < 92
            bad = channel.cs_kind == "phone" and recent
            done = rnd.random() < 0.7
            ticket = (
                tickets[index % len(tickets)] if tickets and index % 5 == 0 else None
            )
            vals = {
                "survey_id": survey.id,
                "cs_is_satisfaction": True,
                "cs_rule_id": rule.id,
                "partner_id": (
                    ticket.partner_id if ticket else partners[index % len(partners)]
                ).id,
                "cs_ticket_id": ticket.id if ticket else False,
                "cs_team_id": teams[index % len(teams)].id if teams else False,
                "cs_agent_id": agents[index % len(agents)].id,
                "cs_channel_id": channel.id,
                "cs_category_id": categories[index % len(categories)].id
                if categories
                else False,
                "cs_company_id": self.env.company.id,
                "cs_delivery": DELIVERY_BY_KIND.get(channel.cs_kind, "email"),
                "cs_sent_date": sent,
                "deadline": sent + timedelta(days=14),
                "state": "done" if done else "new",
            }
            if done:
                nps_score = min(10, max(0, round(rnd.gauss(5 if bad else 8, 2))))
                vals.update(
                    cs_has_csat=True,
                    cs_has_nps=True,
                    cs_has_ces=True,
                    cs_csat=min(5, max(1, round(rnd.gauss(2.8 if bad else 4.2, 1)))),
                    cs_nps=nps_score,
                    cs_ces=min(7, max(1, round(rnd.gauss(4.8 if bad else 2.6, 1.2)))),
                    cs_comment=rnd.choice(comments),
                    end_datetime=sent + timedelta(hours=rnd.randint(1, 72)),
                )
            vals_list.append(vals)
        answers = self.create(vals_list)
        done = answers.filtered(lambda a: a.state == "done")
        done._cs_tag_comment()
        for answer in done:
            if answer._cs_deficiency_reasons():
                answer.cs_deficiency = True
        return answers
