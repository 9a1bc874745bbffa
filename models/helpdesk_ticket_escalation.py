import json
import logging
from collections import namedtuple
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id

from ..tools.deadlines import (
    WorkTimeline,
    add_days,
    applicable_holidays,
    leave_days,
    percent_consumed,
    pick_deadline_rule,
    sla_consumed_to_store,
)
from ..tools.deadlines import sla_status as sla_status_of
from ..tools.escalation_match import (
    best_policy,
    conditions_met,
    keyword_like,
    keyword_pattern,
    normalize,
)
from ..tools.sql_array import array_literal
from .cs_escalation_rule import LEVELS

_logger = logging.getLogger(__name__)

LAST_LEVEL = int(LEVELS[-1][0])
# Request types that may run a response clock (a suggestion never does).
CLOCK_KINDS = ("query", "incident", "complaint", "claim")

SLA_STATUS = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
]
OUTCOMES = [
    ("upheld", "Upheld"),
    ("partly_upheld", "Partly upheld"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn by customer"),
]
COMPLAINT_STATES = [
    ("received", "Received"),
    ("acknowledged", "Acknowledged"),
    ("answered", "Answered"),
    ("arbitration", "In arbitration"),
]
BATCH_SIZE = 1000
# Ticket columns a pass writes at the end of each batch (_cs_store_pending).
PENDING_FIELDS = ("cs_sla_status", "cs_sla_consumed", "cs_escalation_level", "priority")
# Percent of each helpdesk_ticket page filled by inserts (see init()).
TICKET_FILLFACTOR = 85
# Columns whose index of every row became partial (NOT NULL) or went away.
FULL_INDEXES_DROPPED = (
    "cs_complaint_deadline",
    "cs_legal_deadline",
    "cs_legal_answer_date",
    "cs_legal_paused",
)
SLA_FIELDS = [
    "cs_sla_first_response_deadline",
    "cs_sla_resolution_deadline",
    "cs_sla_status",
    "cs_sla_consumed",
]


# What planning an SLA at create reads of a policy, from the cache of
# cs.sla.policy._cs_terms_of_company: the attributes _cs_sla_compute uses.
SlaTerms = namedtuple(
    "SlaTerms",
    "id calendar_id first_response_hours resolution_hours at_risk_percent",
)


def _utc(moment):
    return pytz.utc.localize(moment) if moment.tzinfo is None else moment


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Scope
    cs_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    cs_compensation_amount = fields.Monetary(
        string="Compensation",
        currency_field="cs_currency_id",
        tracking=True,
        help="Compensation or refund granted to the customer, in company currency.",
    )
    cs_out_of_scope = fields.Boolean(string="Out of Scope", compute="_compute_cs_scope")
    cs_scope_issue = fields.Char(string="Scope Issue", compute="_compute_cs_scope")
    # Escalation
    cs_escalation_level = fields.Integer(
        string="Escalation Level",
        default=1,
        copy=False,
        readonly=True,
        index=True,
        aggregator="max",
        tracking=True,
    )
    cs_can_escalate = fields.Boolean(
        string="Can Be Escalated",
        compute="_compute_cs_can_escalate",
        help="Open and below the last level: the escalation buttons show only then.",
    )
    cs_escalation_history_ids = fields.One2many(
        "cs.escalation.history", "ticket_id", string="Escalation History"
    )
    # The ids of the rules in force, in the ticket's row: a pass reads them with its
    # batch and writes them in the batch's one UPDATE, where a relation table cost a
    # read, a delete and an insert (two foreign-key checks per row) per batch.
    cs_escalation_fired_rules = fields.Json(
        string="Rules in Force (ids)", copy=False, readonly=True, prefetch=False
    )
    cs_escalation_fired_rule_ids = fields.Many2many(
        "cs.escalation.rule",
        string="Rules in Force",
        compute="_compute_cs_escalation_fired_rule_ids",
        help="Rules that fired and whose condition still holds; they fire again "
        "only after their condition clears.",
    )
    cs_reopen_count = fields.Integer(string="Reopened", copy=False, readonly=True)
    cs_match_text = fields.Text(
        string="Text for Keyword Rules",
        compute="_compute_cs_match_text",
        store=True,
        prefetch=False,
        help="Subject and description in lower case, without accents nor HTML: "
        "keyword rules match it in SQL on every evaluator pass.",
    )
    cs_customer_waiting_since = fields.Datetime(
        string="Customer Waiting Since",
        copy=False,
        readonly=True,
        help="Date of the customer's last message not answered yet.",
    )
    # SLA
    cs_sla_policy_id = fields.Many2one(
        "cs.sla.policy", string="SLA", copy=False, readonly=True, index="btree_not_null"
    )
    cs_sla_start = fields.Datetime(string="SLA Start", copy=False, readonly=True)
    cs_sla_factor = fields.Float(
        string="SLA Factor",
        default=1.0,
        copy=False,
        readonly=True,
        help="Loyalty tier factor of the customer when the SLA was assigned; the "
        "SLA targets are multiplied by it.",
    )
    cs_sla_first_response_deadline = fields.Datetime(
        string="First Response Due", copy=False, readonly=True
    )
    cs_sla_resolution_deadline = fields.Datetime(
        string="Resolution Due", copy=False, readonly=True
    )
    cs_sla_status = fields.Selection(
        SLA_STATUS, string="SLA Status", copy=False, readonly=True, index=True
    )
    cs_sla_consumed = fields.Float(
        string="SLA Consumed (%)", copy=False, readonly=True, aggregator="avg"
    )
    cs_sla_paused_hours = fields.Float(
        string="SLA Paused (hours)", copy=False, readonly=True
    )
    cs_sla_pause_start = fields.Datetime(
        string="SLA Paused Since", copy=False, readonly=True
    )
    # Complaints
    cs_is_complaint = fields.Boolean(string="Formal Complaint", tracking=True)
    cs_complaint_sheet_number = fields.Char(
        string="Complaint Sheet Number",
        tracking=True,
        help="Number of the official complaint sheet, when there is one.",
    )
    cs_complaint_type_id = fields.Many2one(
        "cs.complaint.type",
        string="Complaint Type",
        tracking=True,
        index="btree_not_null",
    )
    cs_complaint_start_date = fields.Date(
        string="Legal Clock Start",
        compute="_compute_cs_complaint_start_date",
        store=True,
        readonly=False,
        help="Day the complaint was filed; the legal term counts from the next day.",
    )
    cs_complaint_deadline = fields.Date(
        string="Response Deadline",
        compute="_compute_cs_complaint_deadline",
        store=True,
        index="btree_not_null",
    )
    cs_complaint_alert_date = fields.Date(
        string="Alert Date", compute="_compute_cs_complaint_deadline", store=True
    )
    cs_complaint_ack_date = fields.Datetime(
        string="Acknowledged On", copy=False, readonly=True
    )
    cs_complaint_response_date = fields.Date(
        string="Response Date", copy=False, tracking=True
    )
    cs_complaint_response_channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        string="Response Channel",
        copy=False,
        index="btree_not_null",
    )
    cs_complaint_outcome = fields.Selection(
        OUTCOMES, string="Outcome", copy=False, tracking=True
    )
    cs_complaint_arbitration = fields.Boolean(
        string="Consumer Arbitration",
        copy=False,
        tracking=True,
        help="The customer took the complaint to consumer arbitration.",
    )
    cs_complaint_state = fields.Selection(
        COMPLAINT_STATES,
        string="Complaint State",
        compute="_compute_cs_complaint_state",
        store=True,
    )
    cs_complaint_overdue = fields.Boolean(
        string="Complaint Overdue",
        compute="_compute_cs_complaint_overdue",
        search="_search_cs_complaint_overdue",
    )
    cs_complaint_alert_state = fields.Selection(
        [("none", "None"), ("warned", "Warned"), ("overdue", "Overdue")],
        string="Complaint Alert",
        default="none",
        copy=False,
        readonly=True,
    )

    def init(self):
        result = super().init()
        cr = self.env.cr
        # Odoo keeps an index it no longer expects and does not rebuild one whose
        # kind changed: those of 19.0.1.3.0 indexed NULL dates and a boolean on
        # every ticket, so each rewrite of a ticket paid for them. check_indexes()
        # makes the partial ones after init().
        cr.execute(
            SQL(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'helpdesk_ticket' "
                "AND indexname = ANY(%s) AND indexdef NOT LIKE '%% WHERE %%'",
                [f"helpdesk_ticket__{name}_index" for name in FULL_INDEXES_DROPPED],
            )
        )
        for (name,) in cr.fetchall():
            cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(name)))
        # Room on each page, so that an evaluator pass rewriting SLA values (no
        # indexed column) updates tickets in place (HOT) without touching the
        # table's indexes. Only pages written from now on get it.
        cr.execute(
            "SELECT reloptions FROM pg_class WHERE oid = 'helpdesk_ticket'::regclass"
        )
        if f"fillfactor={TICKET_FILLFACTOR}" not in (cr.fetchone()[0] or []):
            cr.execute(
                SQL(
                    "ALTER TABLE helpdesk_ticket SET (fillfactor = %s)",
                    SQL(str(TICKET_FILLFACTOR)),
                )
            )
        return result

    # ------------------------------------------------------------------
    # Scope
    # ------------------------------------------------------------------

    @api.depends(
        "user_id",
        "team_id",
        "category_id",
        "cs_compensation_amount",
        "priority",
        "channel_id",
    )
    def _compute_cs_scope(self):
        # The scope comes from a cache keyed on the agent's and team's scope stamps.
        Scope = self.env["cs.agent.scope"]
        for ticket in self:
            issues = Scope._cs_ticket_scope_issues(ticket)
            ticket.cs_out_of_scope = bool(issues)
            ticket.cs_scope_issue = ", ".join(issues)

    @api.depends("cs_escalation_fired_rules")
    def _compute_cs_escalation_fired_rule_ids(self):
        # One search for the recordset; it drops deleted rules and, as the reader's
        # access rules say, the ones of other teams.
        rule_ids = {
            rule_id
            for ticket in self
            for rule_id in ticket.cs_escalation_fired_rules or ()
        }
        rules = self.env["cs.escalation.rule"].search([("id", "in", list(rule_ids))])
        for ticket in self:
            fired = set(ticket.cs_escalation_fired_rules or ())
            ticket.cs_escalation_fired_rule_ids = rules.browse(
                [rule_id for rule_id in rules.ids if rule_id in fired]
            )

    @api.depends("name", "description")
    def _compute_cs_match_text(self):
        for ticket in self:
            ticket.cs_match_text = normalize(
                f"{ticket.name or ''} {ticket.description or ''}"
            )

    @api.depends("cs_escalation_level", "closed")
    def _compute_cs_can_escalate(self):
        for ticket in self:
            ticket.cs_can_escalate = (
                not ticket.closed and (ticket.cs_escalation_level or 1) < LAST_LEVEL
            )

    def _cs_check_can_escalate(self):
        """Refuse to escalate past the last level rather than record a no-op."""
        for ticket in self:
            if (ticket.cs_escalation_level or 1) >= LAST_LEVEL:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is already at the last level, "
                        "L%(level)s: it cannot be escalated further.",
                        ticket=ticket.display_name,
                        level=LAST_LEVEL,
                    )
                )

    def _cs_is_supervisor(self):
        return self.env.su or self.env.user.has_group(
            "customer_service.group_cs_supervisor"
        )

    def _cs_check_scope_on_close(self):
        # Scheduled actions run as the superuser: automatic closing is not an agent's.
        if self._cs_is_supervisor() or self.env.user._is_superuser():
            return
        # Closing a duplicate is not resolving it: the original carries the answer.
        outside = self.filtered(lambda t: t.cs_out_of_scope and not t.duplicate_id)
        if outside:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is outside your scope (%(issue)s). Escalate it "
                    "to your supervisor instead of resolving it.",
                    ticket=outside[0].display_name,
                    issue=outside[0].cs_scope_issue,
                )
            )

    def action_cs_escalate_scope(self):
        """One click: pass an out-of-scope ticket to the team's supervisor."""
        for ticket in self:
            if not ticket.cs_out_of_scope:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is within the agent's scope; use Escalate "
                        "with a reason instead.",
                        ticket=ticket.display_name,
                    )
                )
            ticket._cs_check_can_escalate()
            leader = ticket.team_id.user_id
            ticket._cs_escalate(
                ticket.cs_escalation_level + 1,
                "scope",
                self.env._(
                    "Outside the agent's scope: %(issue)s", issue=ticket.cs_scope_issue
                ),
                user=leader,
            )
        return True

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------

    def _cs_escalate(self, level, kind, reason, rule=None, team=None, user=None):
        """Move tickets to ``level`` and record it; used by rules, wizard and scope."""
        # sudo: the history is read-only for every user; only escalation writes it.
        self.env["cs.escalation.history"].sudo().create(
            [
                {
                    "ticket_id": ticket.id,
                    "team_id": ticket.team_id.id,
                    "kind": kind,
                    "level_from": str(ticket.cs_escalation_level or 1),
                    "level": str(level),
                    "rule_id": rule.id if rule else False,
                    "reason": reason,
                }
                for ticket in self
            ]
        )
        vals = {"cs_escalation_level": level}
        if team:
            vals["team_id"] = team.id
        if user is not None and (team or user):
            vals["user_id"] = user.id
        if kind == "deescalation":
            vals["cs_escalation_fired_rules"] = []
        self.write(vals)
        leaders = (team or self.team_id).user_id.partner_id
        if kind != "deescalation" and leaders:
            self.message_subscribe(partner_ids=leaders.ids)
        labels = dict(
            self.env["cs.escalation.history"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        for ticket in self:
            ticket.message_post(
                body=Markup("<p><strong>%s</strong></p><p>%s</p>")
                % (
                    self.env._(
                        "%(kind)s: level L%(level)s", kind=labels[kind], level=level
                    ),
                    reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_cs_open_escalation(self):
        self.ensure_one()
        mode = self.env.context.get("cs_escalation_mode", "escalate")
        if mode == "escalate":
            self._cs_check_can_escalate()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("De-escalate")
            if mode == "deescalate"
            else self.env._("Escalate"),
            "res_model": "cs.escalation.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_ticket_id": self.id, "default_mode": mode},
        }

    def _cs_apply_rule(self, rule, state):
        """Run the actions of ``rule`` on tickets where it just fired, in batch.

        A pass may fire a rule on thousands of tickets: followers, activities,
        notes, levels and priorities are kept in ``state`` (see _cs_evaluate_rows)
        and written once per ticket at the end of the batch, in one statement each
        (_cs_run_actions, _cs_store_pending, _cs_log_rule).
        """
        rows = state["rows"]
        pending = state["pending"]
        if rule.reassign_team_id:
            vals = {"team_id": rule.reassign_team_id}
            if rule.reassign_user_id:
                vals["user_id"] = rule.reassign_user_id
            self.with_context(mail_notrack=True).write(vals)
            for ticket_id in self.ids:
                rows[ticket_id]["team_id"] = rule.reassign_team_id
        if rule.priority:
            # Untracked, as every write of the rules: the history records them.
            for ticket_id in self.ids:
                row = rows[ticket_id]
                if (row["priority"] or "0") < rule.priority:
                    row["priority"] = rule.priority
                    pending.setdefault(ticket_id, {})["priority"] = row["priority"]
        for action, wanted in (
            ("leaders", rule.add_supervisor),
            ("activities", rule.activity_type_id),
            ("notes", rule.note),
        ):
            if wanted:
                for ticket_id in self.ids:
                    state[action].setdefault(ticket_id, []).append(rule)
        if rule.template_id:
            template = self.env["mail.template"].browse(rule.template_id)
            for ticket in self.filtered("partner_id"):
                ticket.message_post_with_source(
                    template,
                    subtype_xmlid="mail.mt_comment",
                    partner_ids=ticket.partner_id.ids,
                )
        level = rule.level or None
        for ticket_id in self.ids:
            row = rows[ticket_id]
            level_from = row["cs_escalation_level"] or 1
            state["history"].append(
                (
                    ticket_id,
                    row["company_id"],
                    row["team_id"],
                    level_from,
                    level or level_from,
                    rule,
                )
            )
            if level:
                row["cs_escalation_level"] = level
                pending.setdefault(ticket_id, {})["cs_escalation_level"] = level

    def _cs_subscribe_team_leaders(self):
        """Make the leader of each ticket's team a follower, in one INSERT."""
        self._cs_subscribe_sql(
            SQL(
                """
                SELECT t.id, u.partner_id
                  FROM helpdesk_ticket t
                  JOIN helpdesk_ticket_team tm ON tm.id = t.team_id
                  JOIN res_users u ON u.id = tm.user_id
                 WHERE t.id = ANY(%s::int[])
                """,
                array_literal(self.ids),
            )
        )

    def _cs_subscribe_sql(self, pairs_query):
        """Subscribe partners to tickets, given a query of (ticket id, partner id).

        The default subtypes are the ones message_subscribe() would give; existing
        followers keep theirs (ON CONFLICT DO NOTHING).
        """
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes(self._name)
        self.env.cr.execute(
            SQL(
                """
                WITH pair AS (%(pairs)s), added AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT DISTINCT %(model)s, pair.* FROM pair
                    ON CONFLICT DO NOTHING
                    RETURNING id, partner_id
                )
                INSERT INTO mail_followers_mail_message_subtype_rel (
                    mail_followers_id, mail_message_subtype_id)
                SELECT DISTINCT a.id, s.id
                  FROM added a
                  JOIN res_partner p ON p.id = a.partner_id
                  JOIN mail_message_subtype s
                    ON s.id = ANY(CASE WHEN p.partner_share THEN %(external)s
                                       ELSE %(default)s END)
                """,
                pairs=pairs_query,
                model=self._name,
                default=default.ids or [0],
                external=external.ids or [0],
            )
        )
        self.invalidate_recordset(["message_follower_ids", "message_partner_ids"])
        self.env["mail.followers"].invalidate_model()

    @api.model
    def _cs_run_actions(self, state):
        """The followers, activities and notes of the rules that fired on a batch:
        one of each per ticket, whatever the number of rules, in one statement
        each."""
        if not (state["leaders"] or state["activities"] or state["notes"]):
            return
        # The statements read the tickets' teams in SQL (rules may reassign).
        self.env.flush_all()
        if state["leaders"]:
            self.browse(list(state["leaders"]))._cs_subscribe_team_leaders()
        if state["activities"]:
            self.browse(list(state["activities"]))._cs_schedule_rule_activities(
                state["activities"]
            )
        if state["notes"]:
            if "note_author" not in state["pass"]:
                state["pass"]["note_author"] = self._cs_note_author()
            self.browse(list(state["notes"]))._cs_log_note(
                {
                    ticket_id: Markup("").join(rule.note for rule in rules)
                    for ticket_id, rules in state["notes"].items()
                },
                author=state["pass"]["note_author"],
            )
        for action in ("leaders", "activities", "notes"):
            state[action].clear()

    def _cs_schedule_rule_activities(self, rules):
        """One activity on every ticket for the rules that fired on it
        (``rules``: {ticket id: PassRule values in firing order}): the first rule's
        type and note, the rules' names as summary, the earliest due date; for the team
        leader (else the agent, else the user running the pass), in one INSERT.

        As create() with ``mail_activity_quick_update`` would: no assignment
        e-mail (a pass may give a leader thousands; they show in the leader's
        activities), the assignee follows the ticket, and a bus message tells each
        assignee how many activities are due.
        """
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"]
        plans = [
            (
                rules[ticket.id][0],
                ", ".join(rule.name for rule in rules[ticket.id]),
                today
                + timedelta(days=min(rule.activity_days for rule in rules[ticket.id])),
            )
            for ticket in self
        ]
        now = self.env.cr.now()
        uid = self.env.uid
        # The document name is the ticket's display name, computed in Python.
        names = [ticket.display_name for ticket in self]
        created = self.env.execute_query(
            SQL(
                """
                INSERT INTO mail_activity (
                    res_model_id, res_model, res_id, res_name, activity_type_id,
                    summary, note, date_deadline, automated, user_id, user_tz,
                    active, create_uid, create_date, write_uid, write_date)
                SELECT %(model_id)s, %(model)s, t.id, v.name, v.type, v.summary,
                       v.note, v.deadline, TRUE, u.id, p.tz, TRUE,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::int[], %(names)s::varchar[], %(types)s::int[],
                              %(summaries)s::varchar[], %(notes)s::text[],
                              %(deadlines)s::date[])
                       AS v(id, name, type, summary, note, deadline)
                  JOIN helpdesk_ticket t ON t.id = v.id AND t.id = ANY(%(ids)s::int[])
             LEFT JOIN helpdesk_ticket_team tm ON tm.id = t.team_id
                  JOIN res_users u ON u.id = COALESCE(tm.user_id, t.user_id, %(uid)s)
                  JOIN res_partner p ON p.id = u.partner_id
             RETURNING res_id, user_id, date_deadline
                """,
                model_id=self.env["ir.model"]._get_id(self._name),
                model=self._name,
                uid=uid,
                now=now,
                ids=array_literal(self.ids),
                names=names,
                types=[plan[0].activity_type_id for plan in plans],
                summaries=[plan[1] for plan in plans],
                notes=[plan[0].activity_note for plan in plans],
                deadlines=[plan[2] for plan in plans],
            )
        )
        self.invalidate_recordset(["activity_ids"])
        Activity.invalidate_model()
        self._cs_subscribe_sql(
            SQL(
                "SELECT v.res_id, u.partner_id "
                "FROM unnest(%s::int[], %s::int[]) AS v(res_id, user_id) "
                "JOIN res_users u ON u.id = v.user_id",
                [row[0] for row in created],
                [row[1] for row in created],
            )
        )
        per_user = {}
        for _res_id, user_id, deadline in created:
            if deadline <= fields.Date.today():
                per_user[user_id] = per_user.get(user_id, 0) + 1
        for user_id, count in per_user.items():
            self.env["res.users"].browse(user_id)._bus_send(
                "mail.activity/updated",
                {"activity_created": True, "count_diff": count},
            )

    @api.model
    def _cs_note_author(self):
        """(author, e-mail from, reply-to) of the notes of the user running the
        pass, as _message_log_batch() would set them."""
        author_id, email_from = self._message_compute_author(
            self.env.user.partner_id.id, None
        )
        reply_to = self.env["mail.thread"]._notify_get_reply_to(
            default=email_from, author_id=author_id
        )[False]
        return author_id, email_from, reply_to

    def _cs_log_note(self, bodies, author=None):
        """Post ``bodies`` ({ticket id: HTML}) as internal notes, in one INSERT.

        The message is the one _message_log_batch() would create: a note by the
        user running the pass, notifying nobody. ``author``: _cs_note_author(),
        worked out once per pass.
        """
        author_id, email_from, reply_to = author or self._cs_note_author()
        Message = self.env["mail.message"]
        now = fields.Datetime.now()
        uid = self.env.uid
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (
                    model, res_id, record_alias_domain_id, record_company_id, body,
                    message_type, is_internal, subtype_id, author_id, email_from,
                    reply_to, message_id, email_add_signature, date, create_uid,
                    create_date, write_uid, write_date)
                SELECT %(model)s, v.res_id, NULL, NULL, v.body, 'notification', TRUE,
                       %(subtype)s, %(author)s, %(email_from)s, %(reply_to)s,
                       %(message_id)s, FALSE, %(now)s, %(uid)s, %(now)s, %(uid)s,
                       %(now)s
                  FROM unnest(%(ids)s::int[], %(bodies)s::text[]) AS v(res_id, body)
                """,
                model=self._name,
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=author_id,
                email_from=email_from,
                reply_to=reply_to,
                message_id=generate_tracking_message_id("message-notify"),
                now=now,
                uid=uid,
                ids=self.ids,
                bodies=[
                    Message._fields["body"].convert_to_column(
                        escape(bodies[ticket_id]), Message
                    )
                    for ticket_id in self.ids
                ],
            )
        )
        self.invalidate_recordset(["message_ids"])

    @api.model
    def _cs_merge_history(self, history):
        """One history row per ticket and pass from the rules that fired on it,
        in firing order: from the level before the first to the level after the
        last, the rule that set the highest level (else the first), and every
        rule named in the reason.

        A row per rule wrote two rows for most escalated tickets of a pass (the
        "at risk" rule, then the "breached" one), the largest insert of a pass.
        """
        merged = {}
        for ticket_id, company_id, team_id, level_from, level, rule in history:
            entry = merged.get(ticket_id)
            if entry is None:
                merged[ticket_id] = entry = {
                    "company_id": company_id,
                    "level_from": level_from,
                    "level": level,
                    "rule": rule,
                    "rules": [],
                }
            elif level > entry["level"]:
                entry["level"], entry["rule"] = level, rule
            entry["team_id"] = team_id
            entry["rules"].append(rule)
        # Tickets of a batch share a few sets of rules: each reason is made once.
        reasons = {}
        rows = []
        for ticket_id, entry in merged.items():
            fired = tuple(rule.id for rule in entry["rules"])
            if fired not in reasons:
                names = [rule.name for rule in entry["rules"]]
                reasons[fired] = (
                    self.env._("Rule %(rule)s", rule=names[0])
                    if len(names) == 1
                    else self.env._("Rules %(rules)s", rules=", ".join(names))
                )
            rows.append(
                (
                    ticket_id,
                    entry["company_id"],
                    entry["team_id"],
                    entry["level_from"],
                    entry["level"],
                    entry["rule"].id,
                    reasons[fired],
                )
            )
        return rows

    @api.model
    def _cs_log_rule(self, state):
        """Append the history of a batch, one row per escalated ticket, in one
        INSERT: the history is append-only and a pass may add thousands."""
        history = state["history"]
        if not history:
            return
        now = fields.Datetime.now()
        uid = self.env.uid
        columns = list(zip(*self._cs_merge_history(history), strict=True))
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO cs_escalation_history (
                    ticket_id, company_id, team_id, kind, level_from, level, rule_id,
                    user_id, date, reason)
                SELECT v.ticket_id, v.company_id, v.team_id, 'rule', v.level_from,
                       v.level, v.rule_id, %(uid)s, %(now)s, v.reason
                  FROM unnest(%(tickets)s::int[], %(companies)s::int[],
                              %(teams)s::int[], %(levels_from)s::varchar[],
                              %(levels)s::varchar[], %(rules)s::int[],
                              %(reasons)s::varchar[])
                       AS v(ticket_id, company_id, team_id, level_from, level,
                            rule_id, reason)
                """,
                uid=uid,
                now=now,
                tickets=array_literal(columns[0]),
                companies=array_literal(columns[1]),
                teams=array_literal(columns[2]),
                levels_from=array_literal(str(level) for level in columns[3]),
                levels=array_literal(str(level) for level in columns[4]),
                rules=array_literal(columns[5]),
                reasons=array_literal(columns[6]),
            )
        )
        self.browse(columns[0]).invalidate_recordset(["cs_escalation_history_ids"])
        history.clear()

    @api.model
    def _cs_store_pending(self, state):
        """Write the SLA values, levels and priorities of a batch in one UPDATE.

        write_date and write_uid change only where a level or a priority did, as
        with write(); the ORM then recomputes what depends on those.
        """
        pending = state["pending"]
        if not pending:
            return
        # A row rewritten for its level or priority takes its fresh SLA consumed.
        deferred = state["deferred"]
        for ticket_id, vals in pending.items():
            if ticket_id in deferred:
                vals.setdefault("cs_sla_consumed", deferred.pop(ticket_id))
        casts = {
            "cs_sla_status": "varchar",
            "cs_sla_consumed": "float8",
            "cs_escalation_level": "int4",
            "priority": "varchar",
            "cs_escalation_fired_rules": "jsonb",
        }
        columns = [
            column
            for column in casts
            if any(column in vals for vals in pending.values())
        ]
        moved = [
            ticket_id
            for ticket_id, vals in pending.items()
            if "cs_escalation_level" in vals or "priority" in vals
        ]
        moved_ids = set(moved)
        # None keeps the stored value: none of these columns is emptied here.
        # "t.id = ANY": joined to unnest() alone, PostgreSQL may hash a scan of every
        # ticket for each batch (it did while its statistics said the table was
        # small), and a pass then grows with the square of the tickets.
        self.env.cr.execute(
            SQL(
                """
                UPDATE helpdesk_ticket t
                   SET %(assignments)s,
                       write_uid = CASE WHEN v.moved THEN %(uid)s ELSE t.write_uid END,
                       write_date = CASE WHEN v.moved THEN %(now)s
                                         ELSE t.write_date END
                  FROM unnest(%(ids)s::int[], %(arrays)s, %(moved)s::bool[])
                       AS v(id, %(columns)s, moved)
                 WHERE t.id = v.id AND t.id = ANY(%(ids)s::int[])
                """,
                assignments=SQL(", ").join(
                    SQL(
                        "%s = COALESCE(v.%s, t.%s)",
                        SQL.identifier(column),
                        SQL.identifier(column),
                        SQL.identifier(column),
                    )
                    for column in columns
                ),
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=array_literal(pending),
                arrays=SQL(", ").join(
                    SQL(
                        "%s::%s[]",
                        array_literal(vals.get(column) for vals in pending.values()),
                        SQL(casts[column]),
                    )
                    for column in columns
                ),
                moved=array_literal(ticket_id in moved_ids for ticket_id in pending),
                columns=SQL(", ").join(SQL.identifier(column) for column in columns),
            )
        )
        self.browse(list(pending)).invalidate_recordset(
            [*columns, "cs_escalation_fired_rule_ids"]
        )
        if moved:
            fnames = [
                column
                for column in ("cs_escalation_level", "priority")
                if column in columns
            ]
            self.browse(moved)._cs_sql_modified(fnames)
        pending.clear()

    def _cs_sql_modified(self, fnames):
        """After an UPDATE in SQL of ``fnames``: drop them from the cache and let
        the ORM recompute what depends on them, as write() would."""
        fnames = [*fnames, "write_uid", "write_date"]
        self.invalidate_recordset(fnames)
        self.modified(fnames)

    @api.model
    def _cs_domain_reads(self, domain, fnames):
        """Whether searching ``domain`` may read one of ``fnames`` (or a field
        without a column, whose search may read anything)."""
        for condition in domain.iter_conditions():
            field = self._fields.get(condition.field_expr.split(".")[0])
            if not field or not field.store or field.name in fnames:
                return True
        return False

    @api.model
    def _cs_lock_batch(self, after_id, limit):
        """Lock the next open tickets; rows another worker holds are skipped."""
        self.env.cr.execute(
            SQL(
                """
                SELECT t.id, t.company_id, t.cs_sla_policy_id,
                       t.cs_sla_start, t.cs_sla_factor, t.cs_first_contact_date,
                       t.cs_sla_paused_hours,
                       t.cs_sla_pause_start, t.cs_sla_status, t.cs_sla_consumed,
                       t.cs_customer_waiting_since, t.cs_reopen_count,
                       t.cs_escalation_level, t.priority, t.team_id,
                       t.cs_escalation_fired_rules,
                       t.cs_match_text IS NULL AS cs_match_missing
                  FROM helpdesk_ticket t
             LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
                 WHERE t.active AND NOT COALESCE(s.closed, FALSE) AND t.id > %s
              ORDER BY t.id
                 LIMIT %s
            FOR UPDATE OF t SKIP LOCKED
                """,
                after_id,
                limit,
            )
        )
        return self.env.cr.dictfetchall()

    @api.model
    def _cron_cs_escalation(self, batch_size=BATCH_SIZE, commit=True):
        """Refresh SLA status and run the escalation rules over open tickets.

        Work is done per batch of locked tickets with a fixed number of queries per
        rule, so the cost grows with rules and batches, not tickets.
        """
        now = fields.Datetime.now()
        # The batches are read in SQL: pending ORM writes must reach the database.
        self.env.flush_all()
        context = {
            "now": now,
            # Rules and policies as values, read once: each batch empties the cache.
            "rules": [
                (rule._cs_pass_rule(), rule._cs_domain(), rule._cs_condition())
                for rule in self.env["cs.escalation.rule"].search([])
            ],
            "policies": {
                policy.id: SlaTerms(
                    policy.id,
                    policy.calendar_id,
                    policy.first_response_hours,
                    policy.resolution_hours,
                    policy.at_risk_percent,
                )
                for policy in self.env["cs.sla.policy"]
                .with_context(active_test=False)
                .search([])
            },
            "timelines": {},
        }
        after_id = processed = 0
        if commit:
            # Counted once: a count after each batch scans the rest of the table,
            # which grows with the square of the tickets.
            self.env.cr.execute(
                "SELECT COUNT(*) FROM helpdesk_ticket t "
                "LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id "
                "WHERE t.active AND NOT COALESCE(s.closed, FALSE)"
            )
            total = self.env.cr.fetchone()[0]
        while True:
            rows = self._cs_lock_batch(after_id, batch_size)
            if not rows:
                break
            after_id = rows[-1]["id"]
            self._cs_evaluate_rows(rows, context)
            processed += len(rows)
            if commit:
                # Report the tickets still to walk: a run cut short by its time
                # budget is then rescheduled at once instead of counted as done.
                # A short batch is the last one; tickets opened meanwhile wait for
                # the next run.
                remaining = max(total - processed, 0) if len(rows) == batch_size else 0
                if (
                    self.env["ir.cron"]._commit_progress(len(rows), remaining=remaining)
                    <= 0
                ):
                    break
            self.env.invalidate_all()
        return processed

    def _cs_evaluate_rows(self, rows, context):
        """Run the rules over a batch of locked rows.

        The new SLA values, levels and priorities of the batch collect in
        ``state["pending"]`` and are written in one UPDATE at the end (or before a
        rule's filter reads them): every UPDATE of a ticket rewrites all the
        table's index entries, so each ticket is updated once per pass.
        """
        now = context["now"]
        changes = self._cs_sla_compute(rows, context, plan=False)
        by_id = {row["id"]: row for row in rows}
        # "deferred": fresh SLA consumed values not worth a row rewrite yet (see
        # sla_consumed_to_store); the rules still see them, and they are written
        # before a rule's filter reads the column.
        state = {
            "pass": context,
            "rows": by_id,
            "pending": {},
            "deferred": {},
            "history": [],
            # {ticket id: rules that fired on it}, for one follower add, activity
            # and note per ticket (_cs_run_actions).
            "leaders": {},
            "activities": {},
            "notes": {},
        }
        for ticket_id, vals in changes.items():
            row = by_id[ticket_id]
            if sla_consumed_to_store(
                row["cs_sla_consumed"],
                vals["cs_sla_consumed"],
                row["cs_sla_status"],
                vals["cs_sla_status"],
            ):
                state["pending"][ticket_id] = dict(vals)
            else:
                state["deferred"][ticket_id] = vals["cs_sla_consumed"]
            row["cs_sla_consumed"] = vals["cs_sla_consumed"]
        fired = self._cs_fired_rules(rows)
        keyword_hits = self._cs_keyword_hits(rows, context["rules"])
        facts = {}
        for row in rows:
            waiting = row["cs_customer_waiting_since"]
            facts[row["id"]] = {
                "sla_percent": row["cs_sla_consumed"],
                "hours_since_customer": (now - waiting).total_seconds() / 3600
                if waiting
                else None,
                "reopen_count": row["cs_reopen_count"],
            }
        stopped = set()
        cleared = []
        added = []
        for rule, domain, condition in context["rules"]:
            hits = keyword_hits.get(rule.id)
            condition = dict(condition, keywords=None)
            candidates = [
                row["id"]
                for row in rows
                if row["company_id"] == rule.company_id
                and row["id"] not in stopped
                and (hits is None or row["id"] in hits)
                and conditions_met(condition, facts[row["id"]])
            ]
            already = fired.get(rule.id, set())
            matched = set()
            if candidates:
                if domain.is_true():
                    matched = set(candidates)
                else:
                    if state["deferred"] and self._cs_domain_reads(
                        domain, ("cs_sla_consumed",)
                    ):
                        for ticket_id, consumed in state["deferred"].items():
                            state["pending"].setdefault(ticket_id, {})[
                                "cs_sla_consumed"
                            ] = consumed
                        state["deferred"].clear()
                    if state["pending"] and self._cs_domain_reads(
                        domain, (*PENDING_FIELDS, "write_date", "write_uid")
                    ):
                        self._cs_store_pending(state)
                    matched = set(
                        self.with_context(active_test=False)
                        .search(domain & Domain("id", "in", candidates))
                        .ids
                    )
            # Tickets held by an earlier "stop" rule keep their state for this one.
            cleared += [
                (ticket_id, rule.id)
                for ticket_id in already - matched
                if ticket_id in by_id and ticket_id not in stopped
            ]
            if rule.stop:
                stopped |= matched
            # A rule does not fire on tickets already at or above its level.
            new = sorted(
                ticket_id
                for ticket_id in matched - already
                if not rule.level
                or by_id[ticket_id]["cs_escalation_level"] < rule.level
            )
            if new:
                self.browse(new)._cs_apply_rule(rule, state)
                added += [(ticket_id, rule.id) for ticket_id in new]
        # The rows that point at the tickets go in before the tickets are
        # rewritten: their foreign-key checks then find rows this pass already
        # locked, instead of locking each new version once more.
        self._cs_run_actions(state)
        self._cs_log_rule(state)
        in_force = {}

        def rules_in_force(ticket_id):
            return in_force.setdefault(
                ticket_id, set(by_id[ticket_id]["cs_escalation_fired_rules"] or ())
            )

        for ticket_id, rule_id in cleared:
            rules_in_force(ticket_id).discard(rule_id)
        for ticket_id, rule_id in added:
            rules_in_force(ticket_id).add(rule_id)
        for ticket_id, rule_ids in in_force.items():
            state["pending"].setdefault(ticket_id, {})["cs_escalation_fired_rules"] = (
                json.dumps(sorted(rule_ids))
            )
        self._cs_store_pending(state)

    @api.model
    def _cs_fired_rules(self, rows):
        """{rule id: ids of the batch's ``rows`` where the rule is in force}."""
        fired = {}
        for row in rows:
            for rule_id in row["cs_escalation_fired_rules"] or ():
                fired.setdefault(rule_id, set()).add(row["id"])
        return fired

    def _cs_keyword_hits(self, rows, rules):
        """{rule id: ticket ids whose stored text holds one of its keywords}.

        One query per keyword rule and batch, on the text stored at write time;
        rows written in SQL without it get it first.
        """
        keyword_rules = [
            (rule, condition["keywords"])
            for rule, _domain, condition in rules
            if condition["keywords"]
        ]
        if not keyword_rules:
            return {}
        ids = [row["id"] for row in rows]
        missing = [row["id"] for row in rows if row["cs_match_missing"]]
        if missing:
            missing = self.env.execute_query(
                SQL(
                    "SELECT id, name, description FROM helpdesk_ticket "
                    "WHERE id = ANY(%s)",
                    missing,
                )
            )
            missing_ids = [row[0] for row in missing]
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket t SET cs_match_text = v.text "
                    "FROM (VALUES %s) AS v(id, text) WHERE t.id = v.id "
                    "AND t.id = ANY(%s::int[])",
                    SQL(", ").join(
                        SQL("(%s, %s)", tid, normalize(f"{name or ''} {desc or ''}"))
                        for tid, name, desc in missing
                    ),
                    array_literal(missing_ids),
                )
            )
            self.browse(missing_ids).invalidate_recordset(["cs_match_text"])
        hits = {}
        ids_literal = array_literal(ids)
        for rule, keywords in keyword_rules:
            hits[rule.id] = {
                tid
                for (tid,) in self.env.execute_query(
                    SQL(
                        "SELECT id FROM helpdesk_ticket WHERE id = ANY(%s::int[]) "
                        "AND cs_match_text LIKE ANY(%s) AND cs_match_text ~ ANY(%s)",
                        ids_literal,
                        [keyword_like(word) for word in keywords],
                        [keyword_pattern(word) for word in keywords],
                    )
                )
            }
        return hits

    # ------------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------------

    def _cs_timeline(self, context, calendar, start, end):
        """Working time of ``calendar`` covering [start, end], built once per call
        from the calendar's weeks, which are cached across calls."""
        cached = context["timelines"].get(calendar.id)
        if cached and cached[0] <= start and cached[1] >= end:
            return cached[2]
        if cached:
            start, end = min(start, cached[0]), max(end, cached[1])
        timeline = WorkTimeline(calendar._cs_work_intervals_utc(start, end))
        context["timelines"][calendar.id] = (start, end, timeline)
        return timeline

    def _cs_sla_compute(self, rows, context, plan=True):
        """SLA values for ``rows`` (dicts as _cs_lock_batch returns), by ticket id.

        ``plan`` also computes the deadlines; only changed values are returned.
        """
        now = context["now"]
        policies = context["policies"]
        rows = [row for row in rows if row["cs_sla_policy_id"] in policies]
        if not rows:
            return {}
        result = {}
        by_calendar = {}
        # The policies' figures, read once: a pass computes thousands of rows.
        targets = {
            policy_id: (
                policy.first_response_hours,
                policy.resolution_hours,
                policy.at_risk_percent,
            )
            for policy_id, policy in policies.items()
        }
        for row in rows:
            policy = policies[row["cs_sla_policy_id"]]
            by_calendar.setdefault(policy.calendar_id, []).append(row)
        for calendar, cal_rows in by_calendar.items():
            max_hours = max(
                max(targets[row["cs_sla_policy_id"]][:2])
                * (row.get("cs_sla_factor") or 1.0)
                for row in cal_rows
            ) + max(row["cs_sla_paused_hours"] or 0.0 for row in cal_rows)
            start = min(row["cs_sla_start"] for row in cal_rows) - timedelta(days=1)
            end = max(now, max(row["cs_sla_start"] for row in cal_rows)) + timedelta(
                days=int(max_hours) + 31
            )
            timeline = self._cs_timeline(context, calendar, start, end)
            for row in cal_rows:
                first_hours, resolution_hours, at_risk = targets[
                    row["cs_sla_policy_id"]
                ]
                factor = row.get("cs_sla_factor") or 1.0
                first_hours *= factor
                resolution_hours *= factor
                paused = row["cs_sla_paused_hours"] or 0.0
                reference = row.get("cs_end") or row["cs_sla_pause_start"] or now
                elapsed = (
                    timeline.hours_between(row["cs_sla_start"], reference) - paused
                )
                percents = []
                if first_hours:
                    answered = row["cs_first_contact_date"]
                    if not answered:
                        percents.append(percent_consumed(elapsed, first_hours))
                    else:
                        first = percent_consumed(
                            timeline.hours_between(row["cs_sla_start"], answered)
                            - paused,
                            first_hours,
                        )
                        # A first response given in time no longer counts.
                        if first >= 100 or not resolution_hours:
                            percents.append(first)
                if resolution_hours:
                    percents.append(percent_consumed(elapsed, resolution_hours))
                consumed = round(max(percents), 2)
                vals = {
                    "cs_sla_consumed": consumed,
                    "cs_sla_status": sla_status_of(consumed, at_risk),
                }
                if plan:
                    vals["cs_sla_first_response_deadline"] = (
                        timeline.add_hours(row["cs_sla_start"], first_hours + paused)
                        if first_hours
                        else None
                    )
                    vals["cs_sla_resolution_deadline"] = (
                        timeline.add_hours(
                            row["cs_sla_start"], resolution_hours + paused
                        )
                        if resolution_hours
                        else None
                    )
                elif (
                    vals["cs_sla_status"] == row["cs_sla_status"]
                    and abs(consumed - (row["cs_sla_consumed"] or 0.0)) < 0.01
                ):
                    continue
                result[row["id"]] = vals
        return result

    def _cs_sla_store(self, changes):
        """Write SLA values of many tickets in one UPDATE."""
        columns = sorted({key for vals in changes.values() for key in vals})
        casts = {
            "cs_sla_first_response_deadline": "timestamp",
            "cs_sla_resolution_deadline": "timestamp",
            "cs_sla_status": "varchar",
            "cs_sla_consumed": "float8",
            "cs_sla_policy_id": "int4",
            "cs_sla_start": "timestamp",
            "cs_sla_factor": "float8",
        }
        # One array per column: composing a VALUES list costs more than the UPDATE.
        arrays = [
            SQL(
                "%s::%s[]",
                array_literal(vals.get(column) for vals in changes.values()),
                SQL(casts[column]),
            )
            for column in columns
        ]
        ids = array_literal(changes)
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket t SET %s FROM unnest(%s::int[], %s) "
                "AS v(id, %s) WHERE t.id = v.id AND t.id = ANY(%s::int[])",
                SQL(", ").join(
                    SQL("%s = v.%s", SQL.identifier(column), SQL.identifier(column))
                    for column in columns
                ),
                ids,
                SQL(", ").join(arrays),
                SQL(", ").join(SQL.identifier(column) for column in columns),
                ids,
            )
        )
        self.browse(list(changes)).invalidate_recordset(columns)

    def _cs_sla_context(self):
        return {
            "now": fields.Datetime.now(),
            "policies": {},
            "timelines": {},
        }

    def _cs_sla_rows(self):
        return [
            {
                "id": ticket.id,
                "cs_sla_policy_id": ticket.cs_sla_policy_id.id,
                "cs_sla_start": ticket.cs_sla_start,
                "cs_sla_factor": ticket.cs_sla_factor,
                "cs_first_contact_date": ticket.cs_first_contact_date,
                "cs_sla_paused_hours": ticket.cs_sla_paused_hours,
                "cs_sla_pause_start": ticket.cs_sla_pause_start,
                "cs_sla_status": ticket.cs_sla_status,
                "cs_sla_consumed": ticket.cs_sla_consumed,
                "cs_end": ticket.closed_date if ticket.closed else None,
            }
            for ticket in self
        ]

    @api.model
    def _cs_sla_plan_create_vals(self, vals_list):
        """Match SLA policies and plan deadlines of tickets about to be created, in
        batch, into their create values (complete with defaults): the SLA is
        inserted with the ticket, not written after it. The policies' terms come
        from a cache per company, without a query."""
        company_ids = {vals.get("company_id") for vals in vals_list} - {False, None}
        Policy = self.env["cs.sla.policy"]
        calendars = self.env["resource.calendar"].sudo()
        candidates = {}
        for company_id in company_ids:
            candidates[company_id] = [
                (
                    SlaTerms(terms[0], calendars.browse(terms[4]), *terms[5:]),
                    terms[1],
                    terms[2],
                    terms[3],
                )
                for terms in Policy._cs_terms_of_company(company_id)
            ]
        if not any(candidates.values()):
            return
        teams = self.env["helpdesk.ticket.team"].sudo()
        other_engine = set()
        if "use_sla" in teams._fields:
            team_ids = {vals.get("team_id") for vals in vals_list} - {False, None}
            other_engine = set(teams.browse(team_ids).filtered("use_sla").ids)
        # sudo: the tier is read for portal and gateway creators too.
        partners = (
            self.env["res.partner"]
            .sudo()
            .browse({vals.get("partner_id") for vals in vals_list} - {False, None})
        )
        stages = self.env["helpdesk.ticket.stage"].sudo()
        to_datetime = fields.Datetime.to_datetime
        context = self._cs_sla_context()
        rows = []
        for index, vals in enumerate(vals_list):
            team_id = vals.get("team_id") or False
            if team_id in other_engine:
                continue
            policy = best_policy(
                candidates.get(vals.get("company_id"), []),
                team_id,
                vals.get("channel_id") or False,
                vals.get("priority"),
            )
            if not policy:
                continue
            context["policies"][policy.id] = policy
            start = to_datetime(vals.get("create_date")) or context["now"]
            partner = partners.browse(vals.get("partner_id") or ()).with_prefetch(
                partners._prefetch_ids
            )
            factor = partner.cs_loyalty_tier_id.sla_factor or 1.0
            vals.update(
                cs_sla_policy_id=policy.id, cs_sla_start=start, cs_sla_factor=factor
            )
            closed = vals.get("stage_id") and stages.browse(vals["stage_id"]).closed
            rows.append(
                {
                    "id": index,
                    "cs_sla_policy_id": policy.id,
                    "cs_sla_start": start,
                    "cs_sla_factor": factor,
                    "cs_first_contact_date": to_datetime(
                        vals.get("cs_first_contact_date")
                    ),
                    "cs_sla_paused_hours": vals.get("cs_sla_paused_hours") or 0.0,
                    "cs_sla_pause_start": to_datetime(vals.get("cs_sla_pause_start")),
                    "cs_sla_status": None,
                    "cs_sla_consumed": 0.0,
                    "cs_end": to_datetime(vals.get("closed_date")) if closed else None,
                }
            )
        for index, sla_vals in self._cs_sla_compute(rows, context).items():
            vals_list[index].update(sla_vals)

    def _cs_sla_own_tickets(self):
        """Tickets our SLA policies plan: with helpdesk_mgmt_sla installed, a team
        that ticks its "Use SLA" box is planned by that module instead, so that a
        ticket never has two deadlines."""
        if "use_sla" not in self.env["helpdesk.ticket.team"]._fields:
            return self
        return self.filtered(lambda t: not t.team_id.use_sla)

    def _cs_sla_replan(self):
        """Recompute deadlines and status of these tickets (after a stage change)."""
        tickets = self.filtered("cs_sla_policy_id")
        if not tickets:
            return
        context = self._cs_sla_context()
        context["policies"] = {p.id: p for p in tickets.sudo().cs_sla_policy_id}
        changes = tickets._cs_sla_compute(tickets._cs_sla_rows(), context)
        if changes:
            self._cs_sla_store(changes)

    def _cs_after_stage_change(self, was_closed):
        now = fields.Datetime.now()
        context = self._cs_sla_context()
        for ticket in self:
            if was_closed.get(ticket.id) and not ticket.closed:
                ticket.cs_reopen_count += 1
            policy = ticket.sudo().cs_sla_policy_id
            if not policy:
                continue
            paused_stage = ticket.stage_id in policy.excluded_stage_ids
            if paused_stage and not ticket.cs_sla_pause_start and not ticket.closed:
                ticket.cs_sla_pause_start = now
            elif ticket.cs_sla_pause_start and (not paused_stage or ticket.closed):
                timeline = self._cs_timeline(
                    context,
                    policy.calendar_id,
                    ticket.cs_sla_start - timedelta(days=1),
                    now + timedelta(days=1),
                )
                ticket.cs_sla_paused_hours += timeline.hours_between(
                    ticket.cs_sla_pause_start, now
                )
                ticket.cs_sla_pause_start = False
        self._cs_sla_replan()

    # ------------------------------------------------------------------
    # Complaints
    # ------------------------------------------------------------------

    @api.depends("cs_request_kind")
    def _compute_cs_complaint_start_date(self):
        for ticket in self:
            if ticket.cs_request_kind in CLOCK_KINDS and not (
                ticket.cs_complaint_start_date
            ):
                ticket.cs_complaint_start_date = (
                    ticket.create_date.date()
                    if ticket.create_date
                    else fields.Date.context_today(ticket)
                )

    @api.depends(
        "cs_request_kind",
        "cs_complaint_start_date",
        "company_id",
        "partner_id.state_id",
        "partner_id.country_id",
    )
    def _compute_cs_complaint_deadline(self):
        clocked = self.filtered(
            lambda t: t.cs_request_kind in CLOCK_KINDS and t.cs_complaint_start_date
        )
        (self - clocked).cs_complaint_deadline = False
        (self - clocked).cs_complaint_alert_date = False
        if not clocked:
            return
        # sudo: the legal terms are configuration every ticket creator must apply.
        terms = (
            self.env["cs.complaint.deadline"]
            .sudo()
            .search([("company_id", "in", clocked.company_id.ids)])
        )
        term_dicts = [
            {
                "company_id": term.company_id.id,
                "state_id": term.state_id.id,
                "kind": term.kind,
                "days": term.days,
                "day_type": term.day_type,
                "alert_days": term.alert_days,
            }
            for term in terms
        ]
        alerts = {
            (t["company_id"], t["state_id"], t["kind"]): t["alert_days"]
            for t in term_dicts
        }
        first = min(clocked.mapped("cs_complaint_start_date"))
        last = max(clocked.mapped("cs_complaint_start_date")) + timedelta(days=120)
        holidays = self._cs_public_holidays(clocked.company_id, first, last)
        for ticket in clocked:
            company = ticket.company_id
            # sudo: the customer's region sets the term, whoever recomputes it.
            partner = ticket.sudo().partner_id
            state = (partner.state_id or company.state_id).id
            kind = ticket.cs_request_kind
            term = pick_deadline_rule(term_dicts, company.id, state, kind=kind)
            if not term:
                ticket.cs_complaint_deadline = False
                ticket.cs_complaint_alert_date = False
                continue
            days, day_type = term
            places = {
                (company.country_id.id, company.state_id.id),
                (
                    partner.country_id.id or partner.state_id.country_id.id,
                    partner.state_id.id,
                ),
            }
            deadline = add_days(
                ticket.cs_complaint_start_date,
                days,
                day_type,
                applicable_holidays(holidays.get(company.id, []), places),
            )
            ticket.cs_complaint_deadline = deadline
            alert = alerts.get(
                (company.id, state, kind), alerts.get((company.id, False, kind), 3)
            )
            ticket.cs_complaint_alert_date = deadline - timedelta(days=alert)

    @api.model
    def _cs_public_holidays(self, companies, first, last):
        """Days off common to everyone (global time off) per company id, as
        (day, country id, region ids) for ``applicable_holidays``."""
        # sudo: public holidays are shared configuration, read to count legal terms.
        leaves = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id", "=", False),
                    ("company_id", "in", companies.ids + [False]),
                    ("date_from", "<=", datetime.combine(last, time.max)),
                    ("date_to", ">=", datetime.combine(first, time.min)),
                ]
            )
        )
        result = {company.id: [] for company in companies}
        for leave in leaves:
            calendar = leave.calendar_id
            for company in companies:
                if (leave.company_id and leave.company_id != company) or (
                    calendar and calendar != company.resource_calendar_id
                ):
                    continue
                tz = (calendar or company.resource_calendar_id).tz or "Europe/Madrid"
                result[company.id] += [
                    (day, leave.cs_country_id.id, leave.cs_state_ids.ids)
                    for day in leave_days(leave.date_from, leave.date_to, tz)
                ]
        return result

    @api.depends(
        "cs_is_complaint",
        "cs_complaint_ack_date",
        "cs_complaint_response_date",
        "cs_complaint_arbitration",
    )
    def _compute_cs_complaint_state(self):
        for ticket in self:
            if not ticket.cs_is_complaint:
                ticket.cs_complaint_state = False
            elif ticket.cs_complaint_arbitration:
                ticket.cs_complaint_state = "arbitration"
            elif ticket.cs_complaint_response_date:
                ticket.cs_complaint_state = "answered"
            elif ticket.cs_complaint_ack_date:
                ticket.cs_complaint_state = "acknowledged"
            else:
                ticket.cs_complaint_state = "received"

    @api.depends(
        "cs_complaint_deadline",
        "cs_complaint_response_date",
        "cs_is_complaint",
        "closed",
    )
    def _compute_cs_complaint_overdue(self):
        today = fields.Date.context_today(self)
        for ticket in self:
            ticket.cs_complaint_overdue = bool(
                ticket.cs_complaint_deadline
                and not ticket.cs_complaint_response_date
                and (ticket.cs_is_complaint or not ticket.closed)
                and ticket.cs_complaint_deadline < today
            )

    @api.model
    def _cs_open_clock_domain(self):
        """Requests whose legal term still runs: complaints and claims until their
        response date, queries and incidents until then or until closed."""
        return Domain(
            [
                ("cs_complaint_deadline", "!=", False),
                ("cs_complaint_response_date", "=", False),
                "|",
                ("cs_is_complaint", "=", True),
                ("stage_id.closed", "=", False),
            ]
        )

    def _search_cs_complaint_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        overdue = self._cs_open_clock_domain() & Domain(
            "cs_complaint_deadline", "<", fields.Date.context_today(self)
        )
        return overdue if True in value else ~overdue

    def action_cs_complaint_acknowledge(self):
        template = self.env.ref("customer_service.cs_complaint_ack_mail_template")
        for ticket in self:
            if not ticket.cs_is_complaint:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s is not a formal complaint.",
                        ticket=ticket.display_name,
                    )
                )
            if not ticket.partner_id.email:
                raise UserError(
                    self.env._(
                        "The customer of complaint %(ticket)s has no e-mail address: "
                        "add one, or hand the acknowledgement over in person and "
                        "note it in the chatter.",
                        ticket=ticket.display_name,
                    )
                )
            ticket.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )
            ticket.cs_complaint_ack_date = fields.Datetime.now()
        return True

    @api.model
    def _cron_cs_complaint_alerts(self, batch_size=BATCH_SIZE, commit=True):
        """Warn before the legal deadline and again once it has passed."""
        today = fields.Date.context_today(self)
        todo = self.env.ref("mail.mail_activity_data_todo")
        open_complaints = self._cs_open_clock_domain()
        steps = [
            (
                "overdue",
                Domain("cs_complaint_deadline", "<", today)
                & Domain("cs_complaint_alert_state", "!=", "overdue"),
                self.env._("Complaint past its legal deadline"),
            ),
            (
                "warned",
                Domain("cs_complaint_alert_date", "<=", today)
                & Domain("cs_complaint_alert_state", "=", "none"),
                self.env._("Complaint deadline approaching"),
            ),
        ]
        count = 0
        for state, domain, summary in steps:
            while True:
                tickets = self.search(open_complaints & domain, limit=batch_size)
                if not tickets:
                    break
                for ticket in tickets:
                    ticket.activity_schedule(
                        activity_type_id=todo.id,
                        date_deadline=ticket.cs_complaint_deadline,
                        summary=summary,
                        user_id=(
                            ticket.team_id.user_id or ticket.user_id or self.env.user
                        ).id,
                    )
                tickets.write({"cs_complaint_alert_state": state})
                count += len(tickets)
                if commit:
                    remaining = self.search_count(
                        open_complaints & Domain.OR(step[1] for step in steps)
                    )
                    if (
                        self.env["ir.cron"]._commit_progress(
                            len(tickets), remaining=remaining
                        )
                        <= 0
                    ):
                        return count
        return count

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if message.message_type in ("email", "comment") and message.subtype_id == (
            self.env.ref("mail.mt_comment")
        ):
            author = message.author_id
            customer = author and (
                author == self.partner_id or author.user_ids[:1].share
            )
            if customer and not self.cs_customer_waiting_since:
                self.sudo().cs_customer_waiting_since = message.date
            elif not customer and author and self.cs_customer_waiting_since:
                self.sudo().cs_customer_waiting_since = False
        return result
