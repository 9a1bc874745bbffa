from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools.deadlines import deadline_status

REQUEST_KINDS = [
    ("query", "Query"),
    ("incident", "Incident"),
    ("complaint", "Service complaint"),
    ("claim", "Claim"),
    ("suggestion", "Suggestion"),
]
# Kinds that are formal complaints (CR4.5 "quejas y reclamaciones"): they carry the
# complaint flag, its acknowledgement, outcome and the legal clock.
FORMAL_KINDS = ("complaint", "claim")
DEADLINE_STATES = [
    ("on_time", "On time"),
    ("due_soon", "Due soon"),
    ("overdue", "Overdue"),
    ("answered", "Answered"),
    ("answered_late", "Answered late"),
]


class HelpdeskTicketComplaint(models.Model):
    _inherit = "helpdesk.ticket"

    cs_request_kind = fields.Selection(
        REQUEST_KINDS,
        string="Request Type",
        compute="_compute_cs_request_kind",
        inverse="_inverse_cs_request_kind",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Query: the customer asks for information. Incident: something does "
        "not work. Service complaint (queja): dissatisfaction with the service or "
        "the treatment received. Claim (reclamación): the customer asks for "
        "redress, such as a refund, repair or compensation. Suggestion: an idea to "
        "improve. Service complaints and claims are formal complaints with a legal "
        "response term.",
    )
    cs_complaint_deadline_state = fields.Selection(
        DEADLINE_STATES,
        string="Deadline State",
        compute="_compute_cs_complaint_deadline_state",
        search="_search_cs_complaint_deadline_state",
        help="Where the legal response term stands: the SLA badge measures the "
        "service targets, this one the legal deadline.",
    )

    @api.depends("cs_is_complaint")
    def _compute_cs_request_kind(self):
        # Tickets flagged before request types existed read as service complaints.
        for ticket in self:
            if ticket.cs_is_complaint:
                if ticket.cs_request_kind not in FORMAL_KINDS:
                    ticket.cs_request_kind = "complaint"
            elif ticket.cs_request_kind in FORMAL_KINDS:
                ticket.cs_request_kind = False

    def _inverse_cs_request_kind(self):
        for ticket in self:
            formal = ticket.cs_request_kind in FORMAL_KINDS
            if ticket.cs_is_complaint != formal:
                ticket.cs_is_complaint = formal

    @api.onchange("cs_request_kind")
    def _onchange_cs_request_kind(self):
        # The form shows the complaint fields as the agent picks the type.
        for ticket in self:
            ticket.cs_is_complaint = ticket.cs_request_kind in FORMAL_KINDS

    @api.depends(
        "cs_complaint_deadline",
        "cs_complaint_alert_date",
        "cs_complaint_response_date",
        "cs_is_complaint",
        "closed",
    )
    def _compute_cs_complaint_deadline_state(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            ticket.cs_complaint_deadline_state = deadline_status(
                ticket.cs_complaint_deadline,
                ticket.cs_complaint_alert_date,
                ticket.cs_complaint_response_date,
                today,
                answered=not ticket.cs_is_complaint and ticket.closed,
            )

    def _search_cs_complaint_deadline_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        running = self._cs_open_clock_domain()
        domains = []
        for state in value:
            if state == "overdue":
                domains.append(running & Domain("cs_complaint_deadline", "<", today))
            elif state == "due_soon":
                domains.append(
                    running
                    & Domain("cs_complaint_deadline", ">=", today)
                    & Domain("cs_complaint_alert_date", "<=", today)
                )
            elif state == "on_time":
                domains.append(
                    running
                    & Domain("cs_complaint_deadline", ">=", today)
                    & (
                        Domain("cs_complaint_alert_date", "=", False)
                        | Domain("cs_complaint_alert_date", ">", today)
                    )
                )
            elif state in ("answered", "answered_late"):
                domains.append(Domain("id", "in", self._cs_answered_ids(state)))
                if state == "answered":
                    # Queries and incidents are answered by closing them.
                    domains.append(
                        Domain("cs_complaint_deadline", "!=", False)
                        & Domain("cs_complaint_response_date", "=", False)
                        & Domain("cs_is_complaint", "=", False)
                        & Domain("stage_id.closed", "=", True)
                    )
        return Domain.OR(domains) if domains else Domain.FALSE

    def _cs_answered_ids(self, state):
        # A domain cannot compare two columns: the response is read against the
        # deadline in SQL.
        self.env["helpdesk.ticket"].flush_model(
            ["cs_complaint_deadline", "cs_complaint_response_date"]
        )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM helpdesk_ticket WHERE cs_complaint_deadline IS NOT "
                "NULL AND cs_complaint_response_date %s cs_complaint_deadline",
                SQL("<=") if state == "answered" else SQL(">"),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]
