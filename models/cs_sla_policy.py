from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .cs_form_read_stamp import stamp_rows


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
        self._cs_stamp_companies(policies.company_id)
        return policies

    def write(self, vals):
        companies = self.company_id
        result = super().write(vals)
        self._cs_stamp_companies(companies | self.company_id)
        return result

    def unlink(self):
        companies = self.company_id
        result = super().unlink()
        self._cs_stamp_companies(companies)
        return result

    def _cs_stamp_companies(self, companies):
        """New policies stamp on ``companies``, whose policies just changed: their
        cached terms are looked up under a new key, in every worker, and no cache
        is cleared."""
        # sudo: the stamp is bookkeeping of the policies, not an edit of the company.
        companies = companies.sudo()
        stamp_rows(self.env, companies._table, companies.ids, "cs_sla_policy_stamp")
        companies.invalidate_recordset(["cs_sla_policy_stamp"])

    @api.model
    def _cs_terms_of_company(self, company_id):
        """Active policies of a company in matching order, as tuples (id, team id,
        channel id, priority, calendar id, first response hours, resolution hours,
        at risk %): every ticket created reads them, from a cache keyed on the
        company's policies stamp (read with the company's row, which the create
        reads anyway)."""
        stamp = self.env["res.company"].sudo().browse(company_id).cs_sla_policy_stamp
        return self._cs_terms_of_company_stamp(company_id, stamp)

    @tools.ormcache("company_id", "stamp")
    def _cs_terms_of_company_stamp(self, company_id, stamp):
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
