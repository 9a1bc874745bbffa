from odoo import api, fields, models
from odoo.tools import SQL


class HelpdeskTicketCounts(models.Model):
    _inherit = "helpdesk.ticket"

    cs_escalation_history_count = fields.Integer(
        string="Escalation Steps", compute="_compute_cs_related_counts"
    )

    @api.depends("cs_intake_ids", "cs_survey_input_ids", "cs_escalation_history_ids")
    def _compute_cs_related_counts(self):
        """The smart buttons' counts (intakes, satisfaction answers, escalation
        steps) of the whole recordset in one grouped query."""
        ids = [ticket.id for ticket in self if ticket.id]
        counts = {}
        if ids:
            Intake = self.env["cs.intake"]
            intakes = Intake._search([("ticket_id", "in", ids)])
            # sudo: agents see how many answers a ticket got without reading them.
            Answer = self.env["survey.user_input"].sudo()
            answers = Answer._search(
                [("cs_ticket_id", "in", ids), ("cs_is_satisfaction", "=", True)]
            )
            History = self.env["cs.escalation.history"]
            steps = History._search([("ticket_id", "in", ids)])
            rows = self.env.execute_query(
                SQL(
                    "SELECT ticket_id, COUNT(*) FILTER (WHERE kind = 'intake'), "
                    "COUNT(*) FILTER (WHERE kind = 'answer'), "
                    "COUNT(*) FILTER (WHERE kind = 'step') "
                    "FROM (%s UNION ALL %s UNION ALL %s) AS counted "
                    "GROUP BY ticket_id",
                    intakes.subselect(
                        SQL(
                            "%s AS ticket_id, 'intake' AS kind",
                            Intake._field_to_sql(Intake._table, "ticket_id", intakes),
                        )
                    ),
                    answers.subselect(
                        SQL(
                            "%s, 'answer'",
                            Answer._field_to_sql(
                                Answer._table, "cs_ticket_id", answers
                            ),
                        )
                    ),
                    steps.subselect(
                        SQL(
                            "%s, 'step'",
                            History._field_to_sql(History._table, "ticket_id", steps),
                        )
                    ),
                )
            )
            counts = {row[0]: row[1:] for row in rows}
        for ticket in self:
            (
                ticket.cs_intake_count,
                ticket.cs_survey_count,
                ticket.cs_escalation_history_count,
            ) = counts.get(ticket._origin.id, (0, 0, 0))

    def action_cs_open_escalation_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_service.cs_escalation_history_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
