from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, html2plaintext

from ..tools.deadlines import applicable_holidays
from ..tools.legal_clock import (
    LEGAL_CLOCK_KINDS,
    REJECTING_OUTCOMES,
    legal_deadline,
    legal_state,
    mentions_body,
    needs_late_justification,
    pick_legal_term,
)
from .cs_complaint_sheet_region import SHEET_KINDS

LEGAL_STATES = [
    ("running", "Running"),
    ("due_soon", "Due soon"),
    ("paused", "Paused"),
    ("overdue", "Overdue"),
    ("answered", "Answered in time"),
    ("answered_late", "Answered late"),
]
BATCH_SIZE = 1000
# Legal terms are at most a few months long: holidays this far ahead are enough.
HOLIDAY_HORIZON = timedelta(days=400)


class HelpdeskTicketLegalClock(models.Model):
    _inherit = "helpdesk.ticket"

    cs_complaint_sheet_kind = fields.Selection(
        SHEET_KINDS,
        string="Complaint Sheet Kind",
        tracking=True,
        help="Kind of official complaint sheet the customer filled in, if any.",
    )
    cs_complaint_sheet_region_id = fields.Many2one(
        "cs.complaint.sheet.region",
        string="Sheet Region",
        compute="_compute_cs_complaint_sheet_region_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        help="Autonomous community whose complaint sheet rules apply: the "
        "customer's province decides.",
    )
    cs_legal_pause_ids = fields.One2many(
        "cs.legal.clock.pause", "ticket_id", string="Legal Clock Pauses"
    )
    cs_legal_paused = fields.Boolean(
        string="Legal Clock Paused",
        compute="_compute_cs_legal_paused",
        store=True,
        precompute=True,
    )
    cs_legal_term_days = fields.Integer(
        string="Legal Term (business days)",
        compute="_compute_cs_legal_deadline",
        store=True,
    )
    cs_legal_deadline = fields.Date(
        string="Legal Deadline",
        compute="_compute_cs_legal_deadline",
        store=True,
        index="btree_not_null",
        help="Last day to answer under Ley 10/2025: the company's legal term (or "
        "the sector's, or the regional complaint sheet's) in business days of the "
        "company's and customer's regions, extended by the paused days.",
    )
    cs_legal_alert_date = fields.Date(
        string="Legal Alert Date", compute="_compute_cs_legal_deadline", store=True
    )
    cs_legal_answer_date = fields.Date(
        string="Answered On",
        compute="_compute_cs_legal_answer_date",
        store=True,
        index="btree_not_null",
        help="Response date of a complaint or claim; for queries and incidents, "
        "the day they were closed.",
    )
    cs_legal_state = fields.Selection(
        LEGAL_STATES,
        string="Legal Clock",
        compute="_compute_cs_legal_state",
        search="_search_cs_legal_state",
    )
    cs_late_justification = fields.Text(
        string="Late Justification",
        tracking=True,
        help="Why the answer came after the legal deadline. Required to close late; "
        "it appears in the audit report.",
    )
    cs_legal_alert_state = fields.Selection(
        [("none", "None"), ("warned", "Warned"), ("overdue", "Overdue")],
        string="Legal Clock Alert",
        default="none",
        copy=False,
        readonly=True,
    )
    cs_arbitration_text = fields.Text(
        string="Dispute Resolution Text",
        compute="_compute_cs_arbitration_text",
        help="Legal text an answer rejecting the complaint must include, in the "
        "customer's language.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id.state_id", "cs_complaint_sheet_kind")
    def _compute_cs_complaint_sheet_region_id(self):
        sheets = self.filtered("cs_complaint_sheet_kind")
        (self - sheets).cs_complaint_sheet_region_id = False
        # sudo: the customer's province decides the rules, whoever records the sheet.
        states = sheets.sudo().partner_id.state_id
        by_state = self.env["cs.complaint.sheet.region"].sudo()._cs_for_state(states)
        for ticket in sheets:
            # A region picked by hand stays when the address has no province.
            ticket.cs_complaint_sheet_region_id = (
                by_state.get(ticket.sudo().partner_id.state_id.id)
                or ticket.cs_complaint_sheet_region_id
            )

    @api.depends("cs_legal_pause_ids.date_end")
    def _compute_cs_legal_paused(self):
        for ticket in self:
            ticket.cs_legal_paused = any(
                not pause.date_end for pause in ticket.cs_legal_pause_ids
            )

    @api.depends(
        "cs_request_kind",
        "cs_complaint_start_date",
        "company_id.cs_legal_term_days",
        "company_id.cs_legal_sector",
        "company_id.cs_legal_sector_term_days",
        "company_id.cs_legal_alert_days",
        "cs_complaint_sheet_region_id.answer_days",
        "partner_id.state_id",
        "partner_id.country_id",
        "cs_legal_pause_ids.business_days",
    )
    def _compute_cs_legal_deadline(self):
        clocked = self.filtered(
            lambda t: t.cs_request_kind in LEGAL_CLOCK_KINDS
            and t.cs_complaint_start_date
        )
        (self - clocked).update(
            {
                "cs_legal_deadline": False,
                "cs_legal_alert_date": False,
                "cs_legal_term_days": 0,
            }
        )
        if not clocked:
            return
        first = min(clocked.mapped("cs_complaint_start_date"))
        holidays = clocked._cs_legal_holidays(first, first + HOLIDAY_HORIZON)
        for ticket in clocked:
            company = ticket.company_id
            days = pick_legal_term(
                company.cs_legal_term_days,
                company.cs_legal_sector_term_days if company.cs_legal_sector else 0,
                ticket.cs_complaint_sheet_region_id.answer_days
                if ticket.cs_complaint_sheet_kind
                else 0,
            )
            paused = sum(ticket.cs_legal_pause_ids.mapped("business_days"))
            deadline = legal_deadline(
                ticket.cs_complaint_start_date, days, paused, holidays[ticket.id]
            )
            ticket.cs_legal_term_days = days
            ticket.cs_legal_deadline = deadline
            ticket.cs_legal_alert_date = deadline - timedelta(
                days=company.cs_legal_alert_days
            )

    def _cs_legal_holidays(self, first, last):
        """Days off that count for each ticket: those of the company's and the
        customer's regions (the province's community holidays included)."""
        companies = self.company_id
        by_company = self.env["helpdesk.ticket"]._cs_public_holidays(
            companies, first, last
        )
        result = {}
        for ticket in self:
            company = ticket.company_id
            # sudo: the customer's region sets the term, whoever recomputes it.
            partner = ticket.sudo().partner_id
            places = {
                (company.country_id.id, company.state_id.id),
                (
                    partner.country_id.id or partner.state_id.country_id.id,
                    partner.state_id.id,
                ),
            }
            result[ticket.id] = applicable_holidays(
                by_company.get(company.id, []), places
            )
        return result

    @api.depends(
        "cs_is_complaint", "cs_complaint_response_date", "closed_date", "stage_id"
    )
    def _compute_cs_legal_answer_date(self):
        for ticket in self:
            if ticket.cs_is_complaint:
                ticket.cs_legal_answer_date = ticket.cs_complaint_response_date
            elif ticket.closed:
                ticket.cs_legal_answer_date = (
                    ticket.cs_complaint_response_date
                    or (ticket.closed_date or fields.Datetime.now()).date()
                )
            else:
                ticket.cs_legal_answer_date = False

    @api.depends(
        "cs_legal_deadline",
        "cs_legal_alert_date",
        "cs_legal_answer_date",
        "cs_legal_paused",
    )
    def _compute_cs_legal_state(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            ticket.cs_legal_state = legal_state(
                ticket.cs_legal_deadline,
                ticket.cs_legal_alert_date,
                ticket.cs_legal_answer_date,
                today,
                ticket.cs_legal_paused,
            )

    def _search_cs_legal_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        running = self._cs_legal_open_domain()
        domains = []
        for state in value:
            if state == "paused":
                domains.append(running & Domain("cs_legal_paused", "=", True))
            elif state == "overdue":
                domains.append(
                    running
                    & Domain("cs_legal_paused", "=", False)
                    & Domain("cs_legal_deadline", "<", today)
                )
            elif state == "due_soon":
                domains.append(
                    running
                    & Domain("cs_legal_paused", "=", False)
                    & Domain("cs_legal_deadline", ">=", today)
                    & Domain("cs_legal_alert_date", "<=", today)
                )
            elif state == "running":
                domains.append(
                    running
                    & Domain("cs_legal_paused", "=", False)
                    & Domain("cs_legal_alert_date", ">", today)
                )
            elif state in ("answered", "answered_late"):
                domains.append(Domain("id", "in", self._cs_legal_answered_ids(state)))
        return Domain.OR(domains) if domains else Domain.FALSE

    @api.model
    def _cs_legal_open_domain(self):
        return Domain("cs_legal_deadline", "!=", False) & Domain(
            "cs_legal_answer_date", "=", False
        )

    def _cs_legal_answered_ids(self, state, company=None, date_from=None, date_to=None):
        # A domain cannot compare two columns: the answer is read against the
        # deadline in SQL.
        self.env["helpdesk.ticket"].flush_model(
            ["cs_legal_deadline", "cs_legal_answer_date", "company_id"]
        )
        conditions = [
            SQL("cs_legal_deadline IS NOT NULL AND cs_legal_answer_date IS NOT NULL"),
            SQL("cs_legal_answer_date <= cs_legal_deadline")
            if state == "answered"
            else SQL("cs_legal_answer_date > cs_legal_deadline"),
        ]
        if company:
            conditions.append(SQL("company_id = %s", company.id))
        if date_from:
            conditions.append(SQL("cs_legal_answer_date >= %s", date_from))
        if date_to:
            conditions.append(SQL("cs_legal_answer_date <= %s", date_to))
        self.env.cr.execute(
            SQL(
                "SELECT id FROM helpdesk_ticket WHERE %s", SQL(" AND ").join(conditions)
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.depends(
        "company_id.cs_arbitration_body",
        "company_id.cs_arbitration_adhered",
        "partner_id.lang",
    )
    def _compute_cs_arbitration_text(self):
        for ticket in self:
            ticket.cs_arbitration_text = ticket._cs_arbitration_text()

    def _cs_arbitration_text(self):
        """The Ley 7/2017 (art. 40) notice, in the customer's language."""
        self.ensure_one()
        company = self.company_id
        if not company.cs_arbitration_body:
            return False
        # sudo: the customer's language is needed to word the answer, not shown.
        lang = self.sudo().partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        if company.cs_arbitration_adhered:
            return env._(
                "If you do not agree with this answer, you may take your complaint "
                "to %(body)s, a consumer dispute resolution body. We adhere to it and "
                "will take part in its procedure.",
                body=company.cs_arbitration_body,
            )
        return env._(
            "If you do not agree with this answer, you may take your complaint to "
            "%(body)s, a consumer dispute resolution body competent for it. We do "
            "not adhere to it and will not take part in its procedure.",
            body=company.cs_arbitration_body,
        )

    # ------------------------------------------------------------------
    # Rules
    # ------------------------------------------------------------------

    @api.constrains("stage_id", "cs_complaint_response_date", "cs_late_justification")
    def _check_cs_late_justification(self):
        # Scheduled actions (closing inactive tickets) run as the superuser and
        # cannot write a justification: the audit lists theirs as missing instead.
        if self.env.user._is_superuser():
            return
        for ticket in self:
            if needs_late_justification(
                ticket.cs_legal_deadline,
                ticket.cs_legal_answer_date,
                ticket.cs_late_justification,
            ):
                raise ValidationError(
                    self.env._(
                        "Demand %(ticket)s is answered on %(answered)s, after its "
                        "legal deadline of %(deadline)s. Write in Late Justification "
                        "why the answer came late, then close it or record the "
                        "response again.",
                        ticket=ticket.display_name,
                        answered=ticket.cs_legal_answer_date,
                        deadline=ticket.cs_legal_deadline,
                    )
                )

    @api.constrains("cs_complaint_sheet_kind", "cs_complaint_sheet_region_id")
    def _check_cs_complaint_sheet_kind(self):
        labels = dict(
            self._fields["cs_complaint_sheet_kind"]._description_selection(self.env)
        )
        for ticket in self:
            region = ticket.cs_complaint_sheet_region_id
            kind = ticket.cs_complaint_sheet_kind
            if kind and region and kind not in region._cs_allowed_kinds():
                raise ValidationError(
                    self.env._(
                        "%(region)s has no %(kind)s sheet. Pick one of its kinds of "
                        "complaint sheet for %(ticket)s.",
                        region=region.name,
                        kind=labels[kind],
                        ticket=ticket.display_name,
                    )
                )

    def write(self, vals):
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                # Closing ends a pause: the clock stood still until the answer.
                self.cs_legal_pause_ids.filtered(
                    lambda p: not p.date_end
                ).action_resume()
        return super().write(vals)

    def _cs_check_arbitration_text(self, body):
        """An answer rejecting a complaint must name the dispute resolution body."""
        for ticket in self:
            if not (
                ticket.cs_is_complaint
                and ticket.cs_complaint_outcome in REJECTING_OUTCOMES
            ):
                continue
            body_name = ticket.company_id.cs_arbitration_body
            if not body_name:
                raise UserError(
                    self.env._(
                        "Complaint %(ticket)s is rejected in whole or in part: its "
                        "answer must name the consumer dispute resolution body. Set "
                        "the body and whether the company adheres to it in the "
                        "Helpdesk settings, then send the answer.",
                        ticket=ticket.display_name,
                    )
                )
            if not mentions_body(html2plaintext(body or ""), body_name):
                raise UserError(
                    self.env._(
                        "Complaint %(ticket)s is rejected in whole or in part: its "
                        "answer must include the dispute resolution text. Add this "
                        "paragraph to the answer and send it again: %(text)s",
                        ticket=ticket.display_name,
                        text=ticket._cs_arbitration_text(),
                    )
                )

    def message_post(self, **kwargs):
        # Automatic messages (surveys, follow-ups by scheduled actions, run as the
        # superuser) are not the answer to the complaint.
        if (
            not self.env.user._is_superuser()
            and kwargs.get("message_type", "notification") == "comment"
            and self._cs_is_public_reply(kwargs)
            and not self.env.user.share
        ):
            self._cs_check_arbitration_text(kwargs.get("body"))
        return super().message_post(**kwargs)

    def _cs_is_public_reply(self, kwargs):
        comment = self.env.ref("mail.mt_comment")
        return (
            kwargs.get("subtype_xmlid") == "mail.mt_comment"
            or kwargs.get("subtype_id") == comment.id
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_cs_legal_pause(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pause the legal clock"),
            "res_model": "cs.legal.clock.pause",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_cs_legal_resume(self):
        self.cs_legal_pause_ids.filtered(lambda p: not p.date_end).action_resume()
        return True

    @api.model
    def _cron_cs_legal_clock_alerts(self, batch_size=BATCH_SIZE, commit=True):
        """Warn before the legal deadline and once it passed, set by set."""
        today = fields.Date.context_today(self)
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        running = self._cs_legal_open_domain() & Domain("cs_legal_paused", "=", False)
        steps = [
            (
                "overdue",
                Domain("cs_legal_deadline", "<", today)
                & Domain("cs_legal_alert_state", "!=", "overdue"),
                self.env._("Demand past its legal deadline"),
            ),
            (
                "warned",
                Domain("cs_legal_alert_date", "<=", today)
                & Domain("cs_legal_deadline", ">=", today)
                & Domain("cs_legal_alert_state", "=", "none"),
                self.env._("Legal deadline approaching"),
            ),
        ]
        count = 0
        for state, domain, summary in steps:
            while True:
                tickets = self.search(running & domain, limit=batch_size)
                if not tickets:
                    break
                # sudo: the cron schedules activities for people who may not be
                # able to read each other's tickets.
                self.env["mail.activity"].sudo().create(
                    [
                        {
                            "res_model_id": model_id,
                            "res_id": ticket.id,
                            "activity_type_id": todo.id,
                            "summary": summary,
                            "date_deadline": ticket.cs_legal_deadline,
                            "user_id": (
                                ticket.user_id
                                or ticket.team_id.user_id
                                or self.env.user
                            ).id,
                        }
                        for ticket in tickets
                    ]
                )
                tickets.write({"cs_legal_alert_state": state})
                count += len(tickets)
                if commit and self.env["ir.cron"]._commit_progress(len(tickets)) <= 0:
                    return count
        return count

    # ------------------------------------------------------------------
    # Audit (Ley 10/2025)
    # ------------------------------------------------------------------

    @api.model
    def _cs_audit_section_legal_term(self, company, date_from, date_to):
        """Answers within the legal term, late ones with their justification, and
        complaints by outcome with the arbitration they went to."""
        Ticket = self.with_context(active_test=False)
        on_time = Ticket.browse(
            self._cs_legal_answered_ids("answered", company, date_from, date_to)
        )
        late = Ticket.browse(
            self._cs_legal_answered_ids("answered_late", company, date_from, date_to)
        )
        answered = len(on_time) + len(late)
        unjustified = late.filtered(
            lambda t: not (t.cs_late_justification or "").strip()
        )
        overdue = Ticket.search(
            self._cs_legal_open_domain()
            & Domain("company_id", "=", company.id)
            & Domain("cs_legal_deadline", "<", date_to)
            & Domain("cs_complaint_start_date", "<=", date_to)
        )
        paused = self.env["cs.legal.clock.pause"].search(
            [
                ("company_id", "=", company.id),
                ("date_start", "<=", datetime.combine(date_to, time.max)),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", datetime.combine(date_from, time.min)),
            ]
        )
        complaints = Domain(
            [
                ("company_id", "=", company.id),
                ("cs_is_complaint", "=", True),
                ("cs_complaint_response_date", ">=", date_from),
                ("cs_complaint_response_date", "<=", date_to),
            ]
        )
        outcomes = dict(
            self._fields["cs_complaint_outcome"]._description_selection(self.env)
        )
        figures = [
            {
                "label": self.env._("Demands answered in the period"),
                "value": answered,
                "records": on_time | late,
            },
            {
                "label": self.env._("Answered within the legal term"),
                "value": len(on_time),
                "records": on_time,
            },
            {
                "label": self.env._("Share answered within the legal term (%)"),
                "value": round(100.0 * len(on_time) / answered, 1) if answered else 0.0,
                "records": on_time,
            },
            {
                "label": self.env._("Answered late, with their justifications"),
                "value": len(late),
                "records": late,
            },
            {
                "label": self.env._("Answered late without a justification"),
                "value": len(unjustified),
                "records": unjustified,
            },
            {
                "label": self.env._(
                    "Open past the legal deadline at the end of the period"
                ),
                "value": len(overdue),
                "records": overdue,
            },
            {
                "label": self.env._("Pauses of the legal clock"),
                "value": len(paused),
                "records": paused,
            },
        ]
        for outcome, records in Ticket._read_group(
            complaints, ["cs_complaint_outcome"], ["id:recordset"]
        ):
            figures.append(
                {
                    "label": self.env._(
                        "Complaints answered: %(outcome)s",
                        outcome=outcomes.get(outcome, self.env._("No outcome")),
                    ),
                    "value": len(records),
                    "records": records,
                }
            )
        arbitration = Ticket.search(
            complaints & Domain("cs_complaint_arbitration", "=", True)
        )
        figures += [
            {
                "label": self.env._("Complaints taken to consumer arbitration"),
                "value": len(arbitration),
                "records": arbitration,
            },
            {
                "label": self.env._(
                    "Dispute resolution body (adhered: %(adhered)s)",
                    adhered=self.env._("yes")
                    if company.cs_arbitration_adhered
                    else self.env._("no"),
                ),
                "value": company.cs_arbitration_body or self.env._("not set"),
                "records": self.env["res.company"].browse(company.id),
            },
        ]
        return {
            "key": "legal_term",
            "title": self.env._("Legal term and complaint outcomes"),
            "definition": self.env._(
                "Demands (queries, incidents, complaints and claims) answered between "
                "the period's first and last day, by answer date: the response date of "
                "complaints and claims, the closing day of queries and incidents. On "
                "time means answered on or before the legal deadline, which counts the "
                "legal term in business days of the company's and customer's regions "
                "from the day after the demand was filed, plus the business days the "
                "clock was paused waiting on the customer. Complaints are counted by "
                "the outcome recorded with their answer."
            ),
            "figures": figures,
        }
