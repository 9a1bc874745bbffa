from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class CsFarewellWizard(models.TransientModel):
    _name = "cs.farewell.wizard"
    _description = "Close a Ticket with the Farewell Check"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    channel_id = fields.Many2one(related="ticket_id.channel_id")
    team_id = fields.Many2one(related="ticket_id.team_id")
    channel_max_length = fields.Integer(related="channel_id.cs_max_length")
    channel_length_unit = fields.Selection(related="channel_id.cs_length_unit")
    stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Closing Stage",
        required=True,
        domain="[('closed', '=', True), '|', ('team_ids', '=', False), "
        "('team_ids', '=', team_id)]",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    farewell = fields.Text(
        compute="_compute_farewell",
        store=True,
        readonly=False,
        precompute=True,
        help="Rendered from the channel's protocol; adapt it if needed.",
    )
    demand_resolved = fields.Boolean(
        string="The customer confirmed the demand is resolved"
    )
    more_info_offered = fields.Boolean(
        string="The customer was asked whether they need more information"
    )
    is_supervisor = fields.Boolean(compute="_compute_is_supervisor")
    skip_check = fields.Boolean(string="Skip the farewell check")
    skip_reason = fields.Text(string="Reason for skipping")

    @api.depends("ticket_id")
    def _compute_stage_id(self):
        for wizard in self:
            stages = wizard.ticket_id.team_id._get_applicable_stages()
            wizard.stage_id = stages.filtered("closed")[:1]

    @api.depends("ticket_id")
    def _compute_farewell(self):
        texts = self.ticket_id._cs_scripts("farewell")
        for wizard in self:
            wizard.farewell = texts.get(wizard.ticket_id.id, "")

    def _compute_is_supervisor(self):
        is_supervisor = self.env.user.has_group("customer_service.group_cs_supervisor")
        for wizard in self:
            wizard.is_supervisor = is_supervisor

    def action_confirm(self):
        self.ensure_one()
        ticket = self.ticket_id
        if ticket.closed:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is already closed.", ticket=ticket.display_name
                )
            )
        if self.skip_check:
            return self._skip(ticket)
        if not (self.demand_resolved and self.more_info_offered):
            raise UserError(
                self.env._(
                    "Before closing, confirm both points of the farewell check: "
                    "that the customer's demand is resolved, and that you asked "
                    "whether they need more information."
                )
            )
        if not (self.farewell or "").strip():
            raise UserError(
                self.env._(
                    "Write the farewell for the customer, or ask a supervisor to add a "
                    "protocol for channel %(channel)s.",
                    channel=ticket.channel_id.name or "-",
                )
            )
        if not ticket.channel_id:
            raise UserError(
                self.env._(
                    "Set the channel of ticket %(ticket)s first, so the farewell "
                    "reaches the customer the right way.",
                    ticket=ticket.display_name,
                )
            )
        ticket._cs_deliver(self.farewell.strip(), "farewell")
        ticket.with_context(cs_farewell_checked=True).write(
            {
                "stage_id": self.stage_id.id,
                "cs_farewell_done": True,
                "cs_farewell_date": fields.Datetime.now(),
            }
        )
        return {"type": "ir.actions.act_window_close"}

    def _skip(self, ticket):
        if not self.env.user.has_group("customer_service.group_cs_supervisor"):
            raise UserError(
                self.env._(
                    "Only supervisors may close a ticket without the farewell check. "
                    "Complete the check, or ask a supervisor."
                )
            )
        reason = (self.skip_reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    "Say why the farewell check is skipped; the reason is logged."
                )
            )
        ticket.message_post(
            body=Markup("<p>%s</p><p>%s</p>")
            % (
                self.env._(
                    "Farewell check skipped by %(user)s.", user=self.env.user.name
                ),
                reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        ticket.with_context(cs_farewell_checked=True).write(
            {"stage_id": self.stage_id.id}
        )
        return {"type": "ir.actions.act_window_close"}
