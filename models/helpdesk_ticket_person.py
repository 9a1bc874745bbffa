from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL

from ..tools.phone_indicator import meets_target, share_percent


class HelpdeskTicketPerson(models.Model):
    """Ley 10/2025 right to a person: the request, and when a person took over.

    A person takes the demand over at the first of these acts of an internal user
    after the request: greeting the customer, replying to them (the ticket's first
    contact hooks), assigning the ticket to themselves, or writing in the live chat
    the request came from. Assigning by automation or by the superuser does not
    count: nobody is attending the customer yet.
    """

    _inherit = "helpdesk.ticket"

    cs_person_requested = fields.Boolean(
        string="Person Requested",
        copy=False,
        tracking=True,
        help="The customer asked to be attended by a person (Ley 10/2025).",
    )
    cs_person_request_date = fields.Datetime(
        string="Person Requested On", copy=False, readonly=True, index="btree_not_null"
    )
    cs_person_request_channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        string="Person Requested By",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="Channel on which the customer asked for a person.",
    )
    cs_person_takeover_date = fields.Datetime(
        string="Person Took Over On", copy=False, readonly=True
    )
    cs_person_takeover_user_id = fields.Many2one(
        "res.users",
        string="Person Who Took Over",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    cs_person_wait_seconds = fields.Integer(
        string="Wait for a Person (s)",
        compute="_compute_cs_person_wait_seconds",
        store=True,
        precompute=True,
        aggregator="avg",
    )

    @api.depends("cs_person_request_date", "cs_person_takeover_date")
    def _compute_cs_person_wait_seconds(self):
        for ticket in self:
            if ticket.cs_person_request_date and ticket.cs_person_takeover_date:
                delta = ticket.cs_person_takeover_date - ticket.cs_person_request_date
                ticket.cs_person_wait_seconds = max(0, int(delta.total_seconds()))
            else:
                ticket.cs_person_wait_seconds = 0

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            if vals.get("cs_person_requested"):
                vals.setdefault("cs_person_request_date", now)
                vals.setdefault("cs_person_request_channel_id", vals.get("channel_id"))
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("cs_person_requested") and "cs_person_request_date" not in vals:
            pending = self.filtered(lambda t: not t.cs_person_request_date)
            res = super().write(vals)
            for ticket in pending:
                ticket._cs_stamp_request(ticket.channel_id)
        else:
            res = super().write(vals)
        if vals.get("user_id") and vals["user_id"] == self.env.uid:
            self._cs_person_take_over()
        return res

    def _cs_stamp_request(self, channel):
        # The date is in the values: write() does not stamp it a second time.
        self.write(
            {
                "cs_person_requested": True,
                "cs_person_request_date": fields.Datetime.now(),
                "cs_person_request_channel_id": channel.id,
            }
        )

    def _cs_request_person(self, channel=None):
        """Record that the customer asked for a person on ``channel``.

        Only the first request is measured: a repeated request while waiting, or
        after a person took over, changes nothing.
        """
        for ticket in self.filtered(lambda t: not t.cs_person_request_date):
            ticket._cs_stamp_request(channel or ticket.channel_id)
            ticket.message_post(
                body=self.env._(
                    "The customer asked to be attended by a person (%(channel)s).",
                    channel=(channel or ticket.channel_id).name or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_cs_request_person(self):
        """Button: the agent records that the customer asked for a person."""
        self._cs_request_person()
        return True

    def _cs_person_take_over(self, user=None):
        user = user or self.env.user
        if user.share or user.id == SUPERUSER_ID or not user.active:
            return
        pending = self.filtered(
            lambda t: t.cs_person_request_date and not t.cs_person_takeover_date
        )
        if pending:
            pending.write(
                {
                    "cs_person_takeover_date": fields.Datetime.now(),
                    "cs_person_takeover_user_id": user.id,
                }
            )

    def _cs_mark_first_contact(self):
        res = super()._cs_mark_first_contact()
        self._cs_person_take_over()
        return res

    # ------------------------------------------------------------------
    # Audit report (Ley 10/2025)
    # ------------------------------------------------------------------

    @api.model
    def _cs_audit_section_person(self, company, date_from, date_to):
        """Requests for a person made in the period, and the time to a person."""
        start = fields.Datetime.to_datetime(date_from)
        stop = fields.Datetime.to_datetime(fields.Date.add(date_to, days=1))
        threshold = company.cs_phone_threshold_seconds
        target = company.cs_phone_target_percent
        self.flush_model(
            [
                "cs_person_requested",
                "cs_person_request_date",
                "cs_person_takeover_date",
                "cs_person_wait_seconds",
                "cs_person_request_channel_id",
                "company_id",
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT t.cs_person_request_channel_id,
                       COUNT(*),
                       COUNT(*) FILTER (WHERE t.cs_person_takeover_date IS NOT NULL),
                       COUNT(*) FILTER (
                           WHERE t.cs_person_takeover_date IS NOT NULL
                             AND t.cs_person_wait_seconds <= %(threshold)s
                       ),
                       SUM(t.cs_person_wait_seconds)
                           FILTER (WHERE t.cs_person_takeover_date IS NOT NULL),
                       MAX(t.cs_person_wait_seconds)
                  FROM helpdesk_ticket t
                 WHERE t.company_id = %(company)s
                   AND t.cs_person_requested
                   AND t.cs_person_request_date >= %(start)s
                   AND t.cs_person_request_date < %(stop)s
              GROUP BY t.cs_person_request_channel_id
                """,
                threshold=threshold,
                company=company.id,
                start=start,
                stop=stop,
            )
        )
        rows = self.env.cr.fetchall()
        requests = sum(r[1] for r in rows)
        taken = sum(r[2] for r in rows)
        in_time = sum(r[3] for r in rows)
        total_wait = sum(r[4] or 0 for r in rows)
        longest = max((r[5] or 0 for r in rows), default=0)
        base = [
            ("company_id", "=", company.id),
            ("cs_person_requested", "=", True),
            ("cs_person_request_date", ">=", start),
            ("cs_person_request_date", "<", stop),
        ]
        share = share_percent(in_time, requests)
        yes, no = self.env._("Yes"), self.env._("No")
        figures = [
            {
                "label": self.env._("Requests for a person"),
                "value": requests,
                "records": self.search(base),
            },
            {
                "label": self.env._("Taken over by a person"),
                "value": taken,
                "records": self.search(
                    base + [("cs_person_takeover_date", "!=", False)]
                ),
            },
            {
                "label": self.env._(
                    "Taken over within %(seconds)s seconds", seconds=threshold
                ),
                "value": in_time,
                "records": self.search(
                    base
                    + [
                        ("cs_person_takeover_date", "!=", False),
                        ("cs_person_wait_seconds", "<=", threshold),
                    ]
                ),
            },
            {
                "label": self.env._("Share taken over in time (%)"),
                "value": share if share is not None else "-",
                "records": self.browse(),
            },
            {
                "label": self.env._("Target met"),
                "value": yes if meets_target(in_time, requests, target) else no,
                "records": self.browse(),
            },
            {
                "label": self.env._("Average time to a person (s)"),
                "value": round(total_wait / taken) if taken else "-",
                "records": self.browse(),
            },
            {
                "label": self.env._("Longest time to a person (s)"),
                "value": longest,
                "records": self.browse(),
            },
            {
                "label": self.env._("Requests still waiting for a person"),
                "value": requests - taken,
                "records": self.search(
                    base + [("cs_person_takeover_date", "=", False)]
                ),
            },
        ]
        channels = self.env["helpdesk.ticket.channel"].browse(
            [r[0] for r in rows if r[0]]
        )
        names = {channel.id: channel.name for channel in channels}
        for channel_id, count, *_rest in rows:
            figures.append(
                {
                    "label": self.env._(
                        "Requests made by %(channel)s",
                        channel=names.get(channel_id) or self.env._("unknown channel"),
                    ),
                    "value": count,
                    "records": self.search(
                        base
                        + [("cs_person_request_channel_id", "=", channel_id or False)]
                    ),
                }
            )
        return {
            "key": "person",
            "title": self.env._("Requests for a person (Ley 10/2025)"),
            "definition": self.env._(
                "Demands on which the customer asked for a person during the "
                "period (UTC). The time to a person runs from the request to the "
                "first act of an agent attending the customer: greeting them, "
                "replying to them, taking the demand for themselves or writing in "
                "the chat. A request is served in time when a person took it over "
                "within %(seconds)s seconds; the target is %(target)s %% of the "
                "requests.",
                seconds=threshold,
                target=target,
            ),
            "figures": figures,
        }
