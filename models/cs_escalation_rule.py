from dataclasses import dataclass

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval

from ..tools.escalation_match import parse_keywords

LEVELS = [("1", "L1"), ("2", "L2"), ("3", "L3")]


@dataclass(frozen=True)
class PassRule:
    """What an evaluator pass uses of a rule, read once per pass: every batch
    empties the ORM cache, after which the rules were read again."""

    id: int
    name: str
    company_id: int
    stop: bool
    level: int
    reassign_team_id: int
    reassign_user_id: int
    priority: str
    add_supervisor: bool
    activity_type_id: int
    activity_note: str | None
    activity_days: int
    note: str | None
    template_id: int


class CsEscalationRule(models.Model):
    _name = "cs.escalation.rule"
    _description = "Escalation Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        help="Team whose agents see this rule; the condition is what selects tickets.",
    )
    # Conditions
    domain = fields.Char(
        string="Condition",
        default="[]",
        required=True,
        help="Tickets the rule applies to (team, category, channel, priority, tags, "
        "complaint flag…).",
    )
    keywords = fields.Char(
        help="Comma-separated words searched in the subject and description, "
        "ignoring case and accents."
    )
    sla_percent = fields.Float(
        string="SLA Consumed (%) From",
        help="Fire when at least this share of the SLA is consumed; 0 = unused.",
    )
    hours_since_customer = fields.Float(
        string="Hours Since Last Customer Message",
        help="Fire when the customer has waited at least this long for an answer; "
        "0 = unused.",
    )
    reopen_count = fields.Integer(
        string="Reopened At Least",
        help="Fire when the ticket was reopened at least this many times; 0 = unused.",
    )
    # Actions
    level = fields.Selection(
        LEVELS,
        string="Escalate To",
        help="Level the ticket reaches when the rule fires; empty keeps the level.",
    )
    action_reassign = fields.Boolean(string="Reassign")
    action_team_id = fields.Many2one("helpdesk.ticket.team", string="Reassign to Team")
    action_user_id = fields.Many2one("res.users", string="Reassign to User")
    action_priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]
        ._fields["priority"]
        ._description_selection(self.env),
        string="Raise Priority To",
    )
    action_add_supervisor = fields.Boolean(
        string="Add Team Supervisor as Follower",
        help="The leader of the ticket's team follows the ticket.",
    )
    action_activity_type_id = fields.Many2one(
        "mail.activity.type", string="Schedule Activity"
    )
    action_activity_days = fields.Integer(string="Activity Due In (days)", default=1)
    action_note = fields.Html(string="Internal Note", translate=True)
    action_template_id = fields.Many2one(
        "mail.template",
        string="Send to Customer",
        domain="[('model', '=', 'helpdesk.ticket')]",
    )
    stop = fields.Boolean(
        string="Stop Further Rules",
        help="When this rule applies, later rules are not evaluated for the ticket.",
    )
    history_count = fields.Integer(compute="_compute_history_count")

    def _compute_history_count(self):
        counts = dict(
            self.env["cs.escalation.history"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.history_count = counts.get(rule, 0)

    def _cs_domain(self):
        self.ensure_one()
        return Domain(safe_eval(self.domain or "[]"))

    @api.constrains("domain")
    def _check_domain(self):
        for rule in self:
            try:
                domain = rule._cs_domain()
                self.env["helpdesk.ticket"].sudo()._search(domain)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the condition is not a valid filter on "
                        "tickets (%(error)s). Build it with the domain editor.",
                        rule=rule.name,
                        error=error,
                    )
                ) from error

    @api.constrains(
        "sla_percent",
        "hours_since_customer",
        "reopen_count",
        "action_reassign",
        "action_team_id",
        "action_user_id",
        "action_activity_type_id",
        "action_activity_days",
        "level",
        "action_priority",
        "action_add_supervisor",
        "action_note",
        "action_template_id",
    )
    def _check_actions(self):
        for rule in self:
            if (
                rule.sla_percent < 0
                or rule.hours_since_customer < 0
                or (rule.reopen_count < 0)
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: thresholds cannot be negative.", rule=rule.name
                    )
                )
            if rule.action_reassign and not (
                rule.action_team_id and rule.action_team_id.active
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s reassigns tickets but its target team is "
                        "missing or archived. Choose an active team.",
                        rule=rule.name,
                    )
                )
            if (
                rule.action_user_id
                and rule.action_team_id
                and (rule.action_user_id not in rule.action_team_id.user_ids)
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: %(user)s is not a member of team %(team)s.",
                        rule=rule.name,
                        user=rule.action_user_id.name,
                        team=rule.action_team_id.name,
                    )
                )
            if rule.action_activity_type_id and rule.action_activity_days < 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the activity cannot be due in the past.",
                        rule=rule.name,
                    )
                )
            if not (
                rule.level
                or rule.action_reassign
                or rule.action_priority
                or rule.action_add_supervisor
                or rule.action_activity_type_id
                or rule.action_note
                or rule.action_template_id
            ):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s does nothing: choose a level or at least one "
                        "action.",
                        rule=rule.name,
                    )
                )

    def _cs_pass_rule(self):
        self.ensure_one()
        Activity = self.env["mail.activity"]
        return PassRule(
            id=self.id,
            name=self.name,
            company_id=self.company_id.id,
            stop=self.stop,
            level=int(self.level) if self.level else 0,
            reassign_team_id=self.action_team_id.id if self.action_reassign else 0,
            reassign_user_id=self.action_user_id.id if self.action_reassign else 0,
            priority=self.action_priority or "",
            add_supervisor=self.action_add_supervisor,
            activity_type_id=self.action_activity_type_id.id,
            activity_note=Activity._fields["note"].convert_to_column(
                self.action_activity_type_id.default_note, Activity
            )
            if self.action_activity_type_id
            else None,
            activity_days=self.action_activity_days,
            note=self.action_note or None,
            template_id=self.action_template_id.id,
        )

    def _cs_condition(self):
        self.ensure_one()
        return {
            "keywords": parse_keywords(self.keywords),
            "sla_percent": self.sla_percent,
            "hours_since_customer": self.hours_since_customer,
            "reopen_count": self.reopen_count,
        }

    def action_view_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_service.cs_escalation_history_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        return action
