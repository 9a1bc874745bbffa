from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_amount


class CsAgentScope(models.Model):
    _name = "cs.agent.scope"
    _description = "Agent Scope of Resolution"
    _order = "user_id, team_id"

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

    def _cs_issues(self, ticket):
        """Human reasons why ``ticket`` is outside this scope (empty when inside)."""
        self.ensure_one()
        issues = []
        if self.category_ids and ticket.category_id not in self.category_ids:
            issues.append(
                self.env._(
                    "category %(category)s",
                    category=ticket.category_id.name or self.env._("none"),
                )
            )
        if (ticket.cs_compensation_amount or 0.0) > self.max_compensation:
            currency = self.currency_id or ticket.cs_currency_id
            issues.append(
                self.env._(
                    "compensation of %(amount)s above the allowed %(allowed)s",
                    amount=format_amount(
                        self.env, ticket.cs_compensation_amount, currency
                    ),
                    allowed=format_amount(self.env, self.max_compensation, currency),
                )
            )
        if self.max_priority and (ticket.priority or "0") > self.max_priority:
            priorities = dict(
                ticket._fields["priority"]._description_selection(self.env)
            )
            issues.append(
                self.env._(
                    "priority %(priority)s above the allowed %(allowed)s",
                    priority=priorities.get(ticket.priority or "0", ticket.priority),
                    allowed=priorities.get(self.max_priority, self.max_priority),
                )
            )
        if self.channel_ids and ticket.channel_id not in self.channel_ids:
            issues.append(
                self.env._(
                    "channel %(channel)s",
                    channel=ticket.channel_id.name or self.env._("none"),
                )
            )
        return issues
