from odoo import fields, models
from odoo.exceptions import UserError


class HelpdeskTicketSatisfaction(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "rating.mixin"]

    cs_survey_input_ids = fields.One2many(
        "survey.user_input", "cs_ticket_id", string="Satisfaction Answers"
    )
    cs_survey_count = fields.Integer(
        string="Satisfaction Surveys", compute="_compute_cs_related_counts"
    )
    cs_satisfaction_input_id = fields.Many2one(
        "survey.user_input",
        string="From Satisfaction Answer",
        readonly=True,
        help="The survey answer whose low score opened this incident.",
        index="btree_not_null",
    )

    def _cs_survey_due(self):
        """Closed tickets of ``self`` that get our satisfaction survey.

        With helpdesk_mgmt_rating installed, a closing stage with a rating e-mail
        sends its quick rating request, which the satisfaction dashboard counts:
        those tickets get no survey too, so a customer gets one request per ticket.
        """
        if "rating_status" not in self._fields:
            return self
        return self.filtered(
            lambda t: not (
                t.rating_status == "stage_change" and t.stage_id.rating_mail_template_id
            )
        )

    def _cs_survey_rule(self):
        self.ensure_one()
        rules = self.env["cs.survey.rule"].search(
            [("company_id", "in", self.env.companies.ids)]
        )
        rule = next((r for r in rules if r._cs_applies_to(self)), None)
        if not rule:
            raise UserError(
                self.env._(
                    "No satisfaction survey rule applies to team %(team)s. Ask a "
                    "manager to add one in Helpdesk > Configuration > Satisfaction "
                    "Rules.",
                    team=self.team_id.name or "-",
                )
            )
        return rule

    def action_cs_send_survey(self):
        """Send the satisfaction survey now, by the channel's delivery (one customer:
        any refusal is explained)."""
        self.ensure_one()
        rule = self._cs_survey_rule()
        answer = rule._cs_send(self, single=True)["answers"]
        if answer.cs_delivery == "kiosk":
            return {
                "type": "ir.actions.act_url",
                "url": answer.cs_short_url,
                "target": "new",
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Satisfaction survey sent."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_cs_view_surveys(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Satisfaction Answers"),
            "res_model": "survey.user_input",
            "view_mode": "list,form",
            "views": [
                (
                    self.env.ref("customer_service.survey_user_input_view_list_cs").id,
                    "list",
                ),
                (
                    self.env.ref("customer_service.survey_user_input_view_form_cs").id,
                    "form",
                ),
            ],
            "domain": [("cs_ticket_id", "=", self.id)],
        }
