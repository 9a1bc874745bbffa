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
        # sudo: agents see how many answers a ticket got without reading them.
        parts = {
            "intake": (self.env["cs.intake"], "ticket_id", []),
            "answer": (
                self.env["survey.user_input"].sudo(),
                "cs_ticket_id",
                [("cs_is_satisfaction", "=", True)],
            ),
            "step": (self.env["cs.escalation.history"], "ticket_id", []),
        }
        # A user who may not read a model sees no count of it, not an error.
        subqueries = []
        for kind, (model, field, domain) in parts.items():
            if not ids or not model.has_access("read"):
                continue
            query = model._search([(field, "in", ids), *domain])
            subqueries.append(
                query.subselect(
                    SQL(
                        "%s AS ticket_id, %s AS kind",
                        model._field_to_sql(model._table, field, query),
                        kind,
                    )
                )
            )
        counts = {}
        if subqueries:
            rows = self.env.execute_query(
                SQL(
                    "SELECT ticket_id, COUNT(*) FILTER (WHERE kind = 'intake'), "
                    "COUNT(*) FILTER (WHERE kind = 'answer'), "
                    "COUNT(*) FILTER (WHERE kind = 'step') "
                    "FROM (%s) AS counted GROUP BY ticket_id",
                    SQL(" UNION ALL ").join(subqueries),
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
