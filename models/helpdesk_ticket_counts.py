from odoo import api, models
from odoo.tools import SQL


class HelpdeskTicketCounts(models.Model):
    _inherit = "helpdesk.ticket"

    @api.depends("cs_intake_ids", "cs_survey_input_ids")
    def _compute_cs_related_counts(self):
        """The smart buttons' counts (intakes, satisfaction answers) of the whole
        recordset in one grouped query."""
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
            rows = self.env.execute_query(
                SQL(
                    "SELECT ticket_id, COUNT(*) FILTER (WHERE kind = 'intake'), "
                    "COUNT(*) FILTER (WHERE kind = 'answer') "
                    "FROM (%s UNION ALL %s) AS counted GROUP BY ticket_id",
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
                )
            )
            counts = {ticket_id: (intake, answer) for ticket_id, intake, answer in rows}
        for ticket in self:
            ticket.cs_intake_count, ticket.cs_survey_count = counts.get(
                ticket._origin.id, (0, 0)
            )
