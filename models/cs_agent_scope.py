from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_amount

from .cs_form_read_stamp import ensure_stamp_sequence, stamp_rows


class CsAgentScope(models.Model):
    _name = "cs.agent.scope"
    _description = "Agent Scope of Resolution"
    _order = "user_id, team_id"

    # What finding a ticket's scope and its issues read, fetched with the search.
    _CS_ISSUE_FIELDS = (
        "user_id",
        "team_id",
        "company_id",
        "max_compensation",
        "max_priority",
        "cs_stamp",
    )

    user_id = fields.Many2one("res.users", string="Agent", index=True)
    team_id = fields.Many2one("helpdesk.ticket.team", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    category_ids = fields.Many2many(
        "helpdesk.ticket.category",
        string="Categories",
        help="Categories the agent may resolve; empty means all.",
    )
    max_compensation = fields.Monetary(
        string="Maximum Compensation",
        help="Highest compensation or refund the agent may grant on their own.",
    )
    max_priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]
        ._fields["priority"]
        ._description_selection(self.env),
        help="Highest priority the agent may resolve; empty means all.",
    )
    channel_ids = fields.Many2many(
        "helpdesk.ticket.channel",
        string="Channels",
        help="Channels the agent may resolve; empty means all.",
    )
    cs_stamp = fields.Integer(
        string="Scope Stamp",
        readonly=True,
        copy=False,
        help="Changes whenever the scope's categories or channels change, or one "
        "of them is edited, archived or deleted: the allowed sets are cached under it.",
    )

    def init(self):
        ensure_stamp_sequence(self.env.cr)

    @api.constrains("user_id", "team_id", "max_compensation", "company_id")
    def _check_owner(self):
        for scope in self:
            if bool(scope.user_id) == bool(scope.team_id):
                raise ValidationError(
                    self.env._("A scope applies to either one agent or one team.")
                )
            if scope.max_compensation < 0:
                raise ValidationError(
                    self.env._("The maximum compensation cannot be negative.")
                )

    @api.depends("user_id", "team_id")
    def _compute_display_name(self):
        for scope in self:
            scope.display_name = (scope.user_id or scope.team_id).display_name or ""

    # Every ticket read checks its scope: the allowed categories and channels are
    # cached per scope and stamp rather than read from two relation tables each
    # time. A new stamp replaces the key, so nothing is cleared in any worker.
    @api.model
    @tools.ormcache("scope_id", "stamp")
    def _cs_allowed(self, scope_id, stamp):
        """(category ids, channel ids) a scope allows; empty sets allow all."""
        # sudo: the scope binds the agent whoever reads the ticket.
        scope = self.sudo().browse(scope_id)
        return frozenset(scope.category_ids.ids), frozenset(scope.channel_ids.ids)

    def _cs_stamp(self):
        stamp_rows(self.env, self._table, self.ids)
        self.invalidate_recordset(["cs_stamp"])
        self._cs_stamp_owners()

    def _cs_stamp_owners(self):
        """New scope stamp on the agents and teams of these scopes: the form read
        finds a ticket's scope from the stamps of its agent and team, which it reads
        anyway, instead of searching the scopes on every read."""
        users, teams = self.user_id, self.team_id
        stamp_rows(self.env, users._table, users.ids, "cs_scope_stamp")
        stamp_rows(self.env, teams._table, teams.ids, "cs_scope_stamp")
        users.invalidate_recordset(["cs_scope_stamp"])
        teams.invalidate_recordset(["cs_scope_stamp"])

    @api.model_create_multi
    def create(self, vals_list):
        scopes = super().create(vals_list)
        scopes._cs_stamp_owners()
        return scopes

    def write(self, vals):
        # Any field read for the issues may change, and so may the owner: the old
        # owners and the new ones both get a new stamp.
        self.sudo()._cs_stamp_owners()
        result = super().write(vals)
        if {"category_ids", "channel_ids"} & set(vals):
            self._cs_stamp()
        else:
            self.sudo()._cs_stamp_owners()
        return result

    def unlink(self):
        self.sudo()._cs_stamp_owners()
        return super().unlink()

    @api.model
    @tools.ormcache("owner_field", "owner_id", "owner_stamp")
    def _cs_scope_values(self, owner_field, owner_id, owner_stamp):
        """(scope id, stamp, company id, maximum compensation, maximum priority) of
        the scope of an agent (``owner_field`` "user_id") or of a team ("team_id"),
        or None; cached under the owner's scope stamp, which every change of its
        scopes replaces."""
        domain = [(owner_field, "=", owner_id)]
        if owner_field == "team_id":
            domain.append(("user_id", "=", False))
        # sudo: the scope binds every user who resolves tickets, readable or not.
        scopes = self.sudo().search_fetch(domain, self._CS_ISSUE_FIELDS)
        if not scopes:
            return None
        # The last one wins, as when the scopes were mapped by owner.
        scope = scopes[-1]
        return (
            scope.id,
            scope.cs_stamp,
            scope.company_id.id,
            scope.max_compensation,
            scope.max_priority,
        )

    @api.model
    def _cs_ticket_scope_issues(self, ticket):
        """Human reasons why ``ticket`` is outside its agent's or team's scope."""
        # sudo: the stamps are read whoever reads the ticket, like the scope.
        user, team = ticket.user_id.sudo(), ticket.team_id.sudo()
        values = (
            user and self._cs_scope_values("user_id", user.id, user.cs_scope_stamp)
        ) or (team and self._cs_scope_values("team_id", team.id, team.cs_scope_stamp))
        if not values:
            return []
        scope_id, stamp, company_id, max_compensation, max_priority = values
        return self._cs_issues_of(
            ticket,
            self._cs_allowed(scope_id, stamp),
            self.env["res.company"].browse(company_id).currency_id,
            max_compensation,
            max_priority,
        )

    def _cs_issues(self, ticket):
        """Human reasons why ``ticket`` is outside this scope (empty when inside)."""
        self.ensure_one()
        return self._cs_issues_of(
            ticket,
            self._cs_allowed(self.id, self.cs_stamp),
            self.currency_id,
            self.max_compensation,
            self.max_priority,
        )

    @api.model
    def _cs_issues_of(
        self, ticket, allowed, scope_currency, max_compensation, max_priority
    ):
        issues = []
        categories, channels = allowed
        if categories and ticket.category_id.id not in categories:
            issues.append(
                self.env._(
                    "category %(category)s",
                    category=ticket.category_id.name or self.env._("none"),
                )
            )
        if (ticket.cs_compensation_amount or 0.0) > max_compensation:
            currency = scope_currency or ticket.cs_currency_id
            issues.append(
                self.env._(
                    "compensation of %(amount)s above the allowed %(allowed)s",
                    amount=format_amount(
                        self.env, ticket.cs_compensation_amount, currency
                    ),
                    allowed=format_amount(self.env, max_compensation, currency),
                )
            )
        if max_priority and (ticket.priority or "0") > max_priority:
            priorities = dict(
                ticket._fields["priority"]._description_selection(self.env)
            )
            issues.append(
                self.env._(
                    "priority %(priority)s above the allowed %(allowed)s",
                    priority=priorities.get(ticket.priority or "0", ticket.priority),
                    allowed=priorities.get(max_priority, max_priority),
                )
            )
        if channels and ticket.channel_id.id not in channels:
            issues.append(
                self.env._(
                    "channel %(channel)s",
                    channel=ticket.channel_id.name or self.env._("none"),
                )
            )
        return issues
