from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.legal_clock import business_days_between

# Only what the law lets stop the clock: the company waits on the customer.
PAUSE_REASONS = [
    ("missing_information", "Waiting for missing information from the customer"),
    ("customer_request", "Postponed at the customer's request"),
]


class CsLegalClockPause(models.Model):
    _name = "cs.legal.clock.pause"
    _description = "Legal Clock Pause"
    _order = "date_start desc, id desc"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    reason = fields.Selection(PAUSE_REASONS, required=True)
    note = fields.Text(
        help="What the customer was asked for, and by which channel.",
    )
    date_start = fields.Datetime(
        string="Paused On", required=True, default=fields.Datetime.now, readonly=True
    )
    date_end = fields.Datetime(string="Resumed On", readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Paused By",
        default=lambda self: self.env.user,
        readonly=True,
        index="btree_not_null",
    )
    business_days = fields.Integer(
        string="Paused Business Days",
        readonly=True,
        help="Business days the clock stood still; the deadline moves by as many.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        pauses = super().create(vals_list)
        for pause in pauses:
            ticket = pause.ticket_id
            if not ticket.cs_legal_deadline or ticket.cs_legal_answer_date:
                raise UserError(
                    self.env._(
                        "Demand %(ticket)s has no running legal clock to pause: it "
                        "has no legal term or it was already answered.",
                        ticket=ticket.display_name,
                    )
                )
            if len(ticket.cs_legal_pause_ids.filtered(lambda p: not p.date_end)) > 1:
                raise UserError(
                    self.env._(
                        "The legal clock of %(ticket)s is already paused: resume it "
                        "before pausing it again.",
                        ticket=ticket.display_name,
                    )
                )
            ticket.message_post(
                body=self.env._(
                    "Legal clock paused: %(reason)s.",
                    reason=dict(
                        self._fields["reason"]._description_selection(self.env)
                    )[pause.reason],
                ),
                subtype_xmlid="mail.mt_note",
            )
        return pauses

    def write(self, vals):
        protected = {"ticket_id", "reason", "date_start", "user_id"} & set(vals)
        if protected and not self.env.su:
            raise UserError(
                self.env._(
                    "A pause of the legal clock is a record for the auditor: it can "
                    "be resumed, not changed."
                )
            )
        return super().write(vals)

    def action_resume(self):
        """Restart the clock; the deadline moves by the paused business days."""
        now = fields.Datetime.now()
        running = self.filtered(lambda p: not p.date_end)
        holidays = running.ticket_id._cs_legal_holidays(
            min(running.mapped("date_start"), default=now).date(), now.date()
        )
        for pause in running:
            pause.date_end = now
            pause.business_days = pause._cs_count_days(holidays)
            pause.ticket_id.message_post(
                body=self.env._(
                    "Legal clock resumed after %(days)s business days paused.",
                    days=pause.business_days,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _cs_count_days(self, holidays):
        self.ensure_one()
        return business_days_between(
            self.date_start.date(),
            self.date_end.date(),
            holidays.get(self.ticket_id.id, frozenset()),
        )
