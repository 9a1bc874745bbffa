from odoo import models
from odoo.exceptions import UserError


class HelpdeskTicketTeamSla(models.Model):
    _inherit = "helpdesk.ticket.team"

    def write(self, vals):
        # "use_sla" exists only with helpdesk_mgmt_sla: the team then leaves its
        # tickets to that module, which would silently drop our team policies.
        if vals.get("use_sla"):
            # sudo: the check must see every policy, readable by the user or not.
            policies = (
                self.env["cs.sla.policy"].sudo().search([("team_id", "in", self.ids)])
            )
            if policies:
                raise UserError(
                    self.env._(
                        "Team %(team)s has its own customer service SLA "
                        "(%(policies)s). Archive it before ticking “Use SLA”: a "
                        "ticket follows one SLA.",
                        team=policies[0].team_id.name,
                        policies=", ".join(policies.mapped("name")),
                    )
                )
        return super().write(vals)

    def unlink(self):
        # PostgreSQL empties the team of these policies (ON DELETE SET NULL)
        # without a write: their companies' cached terms need a new stamp.
        # sudo: every policy of the team, readable by the user or not.
        policies = (
            self.env["cs.sla.policy"]
            .sudo()
            .with_context(active_test=False)
            .search([("team_id", "in", self.ids)])
        )
        companies = policies.company_id
        result = super().unlink()
        policies._cs_stamp_companies(companies)
        return result
