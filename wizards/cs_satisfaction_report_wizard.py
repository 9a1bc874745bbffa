from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


def _last_quarter(today):
    first_of_quarter = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    start = first_of_quarter - relativedelta(months=3)
    return start, first_of_quarter - relativedelta(days=1)


class CsSatisfactionReportWizard(models.TransientModel):
    _name = "cs.satisfaction.report.wizard"
    _description = "Generate a Satisfaction Report"

    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: _last_quarter(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: _last_quarter(fields.Date.context_today(self))[1],
    )
    team_ids = fields.Many2many("helpdesk.ticket.team", string="Teams")
    channel_ids = fields.Many2many("helpdesk.ticket.channel", string="Channels")
    name = fields.Char(compute="_compute_name", store=True, readonly=False)

    @api.depends("date_from", "date_to")
    def _compute_name(self):
        for wizard in self:
            wizard.name = self.env._(
                "Satisfaction %(start)s - %(end)s",
                start=fields.Date.to_string(wizard.date_from) or "",
                end=fields.Date.to_string(wizard.date_to) or "",
            )

    def action_generate(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(
                self.env._(
                    "The period starts on %(start)s, after its end on %(end)s. Swap "
                    "the dates.",
                    start=self.date_from,
                    end=self.date_to,
                )
            )
        user = self.env.user
        if not user.has_group("customer_service.group_cs_manager"):
            # Leaders receive their teams' deficiency alerts, members or not.
            own = user.helpdesk_team_ids | self.env["helpdesk.ticket.team"].search(
                [("user_id", "=", user.id)]
            )
            outside = self.team_ids - own
            if outside:
                raise UserError(
                    self.env._(
                        "You can only report on your own teams; %(teams)s is not one "
                        "of them.",
                        teams=", ".join(outside.mapped("name")),
                    )
                )
            if not self.team_ids and not own:
                raise UserError(
                    self.env._(
                        "You belong to no helpdesk team: choose the teams to report on."
                    )
                )
            teams = self.team_ids or own
        else:
            teams = self.team_ids
        report = self.env["cs.satisfaction.report"].create(
            {
                "name": self.name,
                "date_from": self.date_from,
                "date_to": self.date_to,
                "team_ids": [fields.Command.set(teams.ids)],
                "channel_ids": [fields.Command.set(self.channel_ids.ids)],
            }
        )
        report._cs_generate()
        return {
            "type": "ir.actions.act_window",
            "res_model": "cs.satisfaction.report",
            "res_id": report.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
