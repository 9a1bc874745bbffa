from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class CsSlaPolicy(models.Model):
    _name = "cs.sla.policy"
    _description = "Service Level Agreement"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one("helpdesk.ticket.team")
    channel_id = fields.Many2one("helpdesk.ticket.channel")
    priority = fields.Selection(
        selection=lambda self: self.env["helpdesk.ticket"]
        ._fields["priority"]
        ._description_selection(self.env),
        help="Leave empty to apply to every priority.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Business Hours",
        required=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working time and public holidays (global time off) of the service.",
    )
    first_response_hours = fields.Float(
        string="First Response (business hours)",
        help="0 means no first-response target.",
    )
    resolution_hours = fields.Float(
        string="Resolution (business hours)",
        help="0 means no resolution target.",
    )
    at_risk_percent = fields.Float(
        string="At Risk From (%)",
        default=75.0,
        help="Share of the target consumed from which the ticket is at risk.",
    )
    excluded_stage_ids = fields.Many2many(
        "helpdesk.ticket.stage",
        string="Paused Stages",
        help="While a ticket is in these stages, for instance waiting for the "
        "customer, the SLA clock stops.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        self.env.registry.clear_cache()
        return policies

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    @tools.ormcache("company_id")
    def _cs_terms_of_company(self, company_id):
        """Active policies of a company in matching order, as tuples (id, team id,
        channel id, priority, calendar id, first response hours, resolution hours,
        at risk %): every ticket created reads them, edits to policies are rare (and
        clear the cache)."""
        # sudo: tickets created by portal users or mail gateways still get their SLA.
        policies = self.sudo().search([("company_id", "=", company_id)])
        return tuple(
            (
                policy.id,
                policy.team_id.id,
                policy.channel_id.id,
                policy.priority,
                policy.calendar_id.id,
                policy.first_response_hours,
                policy.resolution_hours,
                policy.at_risk_percent,
            )
            for policy in policies
        )

    @api.constrains("first_response_hours", "resolution_hours", "at_risk_percent")
    def _check_targets(self):
        for policy in self:
            if policy.first_response_hours < 0 or policy.resolution_hours < 0:
                raise ValidationError(
                    self.env._(
                        "SLA %(name)s: targets cannot be negative.", name=policy.name
                    )
                )
            if not (policy.first_response_hours or policy.resolution_hours):
                raise ValidationError(
                    self.env._(
                        "SLA %(name)s: set a first-response or a resolution target.",
                        name=policy.name,
                    )
                )
            if not 0 < policy.at_risk_percent < 100:
                raise ValidationError(
                    self.env._(
                        "SLA %(name)s: the at-risk threshold must be between 0 and "
                        "100 %%.",
                        name=policy.name,
                    )
                )

    @api.constrains("team_id")
    def _check_team_sla_engine(self):
        team_model = self.env["helpdesk.ticket.team"]
        if "use_sla" not in team_model._fields:
            return
        for policy in self.filtered(lambda p: p.team_id.use_sla):
            raise ValidationError(
                self.env._(
                    "SLA %(name)s cannot apply to team %(team)s: the team ticks “Use "
                    "SLA”, so the Helpdesk SLA module plans its tickets. Untick it on "
                    "the team first; a ticket follows one SLA.",
                    name=policy.name,
                    team=policy.team_id.name,
                )
            )
