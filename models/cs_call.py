import itertools
import random
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.cdr_parse import CALL_KEYS, batched, iter_calls, sniff_format, to_e164

# Keys of the call dict that name a record, and the column of that record's id.
_LOOKUP_COLUMNS = {"queue": "queue_id", "agent_ext": "user_id"}
# Columns written by the batch insert: the call dict's keys (CALL_KEYS), then what
# the insert adds to every call.
_INSERT_COLUMNS = tuple(_LOOKUP_COLUMNS.get(key, key) for key in CALL_KEYS) + (
    "phone_e164",
    "partner_id",
    "source",
    "company_id",
    "create_uid",
    "write_uid",
    "create_date",
    "write_date",
)


class CsCall(models.Model):
    _name = "cs.call"
    _description = "Phone Call"
    _order = "start_date desc, id desc"
    _rec_name = "pbx_uid"
    _check_company_auto = True

    pbx_uid = fields.Char(
        string="PBX Call ID",
        required=True,
        readonly=True,
        help="The call's unique id on the telephone exchange; importing or pushing "
        "the same call again adds nothing.",
    )
    start_date = fields.Datetime(string="Offered", required=True, index=True)
    answer_date = fields.Datetime(string="Answered")
    end_date = fields.Datetime(string="Ended")
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound"), ("internal", "Internal")],
        required=True,
        default="inbound",
        help="Only inbound calls count for the legal indicator.",
    )
    state = fields.Selection(
        [("answered", "Answered"), ("abandoned", "Abandoned")],
        string="Outcome",
        required=True,
        default="abandoned",
    )
    wait_seconds = fields.Integer(
        string="Wait (s)",
        aggregator="avg",
        help="From the call reaching the exchange to a person answering, or to the "
        "caller hanging up.",
    )
    talk_seconds = fields.Integer(string="Talk (s)", aggregator="sum")
    caller = fields.Char(help="The number as the exchange gave it.")
    phone_e164 = fields.Char(
        string="Caller (E.164)",
        index="btree_not_null",
        readonly=True,
        help="The caller's number in international format, matched exactly to "
        "contacts.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Contact", index="btree_not_null", ondelete="set null"
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Demand",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Agent", index="btree_not_null", ondelete="set null"
    )
    queue_id = fields.Many2one(
        "cs.call.queue",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    team_id = fields.Many2one(related="queue_id.team_id")
    is_callback = fields.Boolean(
        string="Callback", help="An outbound call returning an abandoned call."
    )
    callback_of_id = fields.Many2one(
        "cs.call",
        string="Returns Call",
        index="btree_not_null",
        ondelete="set null",
        help="The abandoned call this callback returns: the caller's latest "
        "abandoned call of the previous 24 hours.",
    )
    callback_ids = fields.One2many("cs.call", "callback_of_id", string="Callbacks")
    source = fields.Selection(
        [
            ("asterisk", "Asterisk CDR"),
            ("threecx", "3CX CDR"),
            ("api", "PBX push"),
            ("manual", "Manual"),
        ],
        default="manual",
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _uid_company_unique = models.Constraint(
        "UNIQUE(company_id, pbx_uid)",
        "A call with this PBX call ID is already recorded for the company.",
    )
    _durations_positive = models.Constraint(
        "CHECK(wait_seconds >= 0 AND talk_seconds >= 0)",
        "Wait and talk times cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Batch insert shared by the CDR import, the PBX push and the benchmark
    # ------------------------------------------------------------------

    @api.model
    def _cs_lookup_cache(self, company):
        """Maps loaded once per import: agents by extension, queues by code."""
        users = (
            self.env["res.users"]
            .sudo()  # extensions of agents the importing supervisor may not read
            .search_read(
                [("cs_pbx_extension", "!=", False), ("company_ids", "in", company.id)],
                ["cs_pbx_extension"],
            )
        )
        queues = (
            self.env["cs.call.queue"]
            .with_context(active_test=False)
            .search_read([("company_id", "=", company.id)], ["code"])
        )
        return {
            "agents": {u["cs_pbx_extension"]: u["id"] for u in users},
            "queues": {q["code"]: q["id"] for q in queues},
            "numbers": {},
        }

    def _cs_e164(self, raw, company, numbers):
        if not raw:
            return None
        if raw not in numbers:
            if len(numbers) > 200_000:
                numbers.clear()
            numbers[raw] = to_e164(raw, company.country_id.code)
        return numbers[raw]

    @api.model
    def _cs_insert_calls(self, calls, company, source, cache=None):
        """Insert the call dicts ``calls`` in one query; return (new ids, duplicates).

        Calls already recorded (same company and PBX call id) are left as they are,
        which makes imports and pushes idempotent.
        """
        if not calls:
            return [], 0
        self.check_access("create")
        cache = cache or self._cs_lookup_cache(company)
        numbers = {
            call["pbx_uid"]: self._cs_e164(call["caller"], company, cache["numbers"])
            for call in calls
        }
        partners = self._cs_partners_by_number(set(numbers.values()) - {None}, company)
        missing = {c["queue"] for c in calls if c["queue"]} - cache["queues"].keys()
        if missing:
            created = self.env["cs.call.queue"].create(
                [
                    {"name": code, "code": code, "company_id": company.id}
                    for code in missing
                ]
            )
            cache["queues"].update({q.code: q.id for q in created})
            self.env["cs.call.queue"].flush_model()
        now = fields.Datetime.now()
        uid = self.env.uid
        rows = []
        seen = set()
        for call in calls:
            if call["pbx_uid"] in seen:
                continue
            seen.add(call["pbx_uid"])
            number = numbers[call["pbx_uid"]]
            values = dict(
                call,
                caller=call["caller"] or None,
                queue=cache["queues"].get(call["queue"]),
                agent_ext=cache["agents"].get(call["agent_ext"]),
            )
            rows.append(
                tuple(values[key] for key in CALL_KEYS)
                + (number, partners.get(number), source, company.id, uid, uid, now, now)
            )
        self.env.cr.execute(
            SQL(
                "INSERT INTO cs_call (%s) VALUES %s "
                "ON CONFLICT (company_id, pbx_uid) DO NOTHING RETURNING id",
                SQL(", ").join(SQL.identifier(col) for col in _INSERT_COLUMNS),
                SQL(", ").join(SQL("%s", row) for row in rows),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self._cs_link_callbacks(ids)
        # Rows written behind the ORM's back: drop any cached value of the model.
        self.invalidate_model()
        return ids, len(calls) - len(ids)

    def _cs_partners_by_number(self, numbers, company):
        """{E.164 number: partner id} for numbers held by exactly one contact."""
        if not numbers:
            return {}
        found = {}
        for group in self.env["res.partner"]._read_group(
            [
                ("phone_sanitized", "in", list(numbers)),
                ("company_id", "in", [company.id, False]),
            ],
            ["phone_sanitized"],
            ["id:array_agg"],
        ):
            number, partner_ids = group
            # Two contacts on one number: the call is not theirs to guess between.
            if len(partner_ids) == 1:
                found[number] = partner_ids[0]
        return found

    def _cs_link_callbacks(self, ids):
        """Link new outbound calls to the caller's abandoned call they return."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE cs_call c
                   SET callback_of_id = prev.id, is_callback = TRUE
                  FROM cs_call new
                  CROSS JOIN LATERAL (
                        SELECT a.id FROM cs_call a
                         WHERE a.company_id = new.company_id
                           AND a.phone_e164 = new.phone_e164
                           AND a.direction = 'inbound'
                           AND a.state = 'abandoned'
                           AND a.start_date < new.start_date
                           AND a.start_date >= new.start_date - INTERVAL '1 day'
                         ORDER BY a.start_date DESC
                         LIMIT 1
                  ) prev
                 WHERE c.id = new.id
                   AND new.id = ANY(%s)
                   AND new.direction = 'outbound'
                   AND new.phone_e164 IS NOT NULL
                """,
                ids,
            )
        )

    @api.model
    def _cs_import_cdr(self, lines, file_format, company, batch_size=5000):
        """Stream the CDR text ``lines`` into calls; return a summary dict."""
        errors = []
        cache = self._cs_lookup_cache(company)
        lines = iter(lines)
        if file_format not in ("asterisk", "threecx"):
            first = next(lines, "")
            file_format = sniff_format(first)
            lines = itertools.chain([first], lines)
        created = duplicates = 0
        calls = iter_calls(lines, file_format, errors=errors)
        for batch in batched(calls, batch_size):
            ids, dups = self._cs_insert_calls(batch, company, file_format, cache)
            created += len(ids)
            duplicates += dups
        return {
            "format": file_format,
            "created": created,
            "duplicates": duplicates,
            "errors": errors,
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_cs_create_ticket(self):
        """Open a phone demand for this call's caller, linked to the call."""
        self.ensure_one()
        if self.ticket_id:
            raise UserError(
                self.env._(
                    "Call %(call)s is already linked to demand %(ticket)s.",
                    call=self.pbx_uid,
                    ticket=self.ticket_id.display_name,
                )
            )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": self.env._("Phone call of %(date)s", date=self.start_date),
                "description": False,
                "partner_id": self.partner_id.id,
                "user_id": (self.user_id or self.env.user).id,
                "team_id": self.team_id.id,
                "channel_id": self.env.ref(
                    "helpdesk_mgmt.helpdesk_ticket_channel_phone"
                ).id,
                "company_id": self.company_id.id,
            }
        )
        self.ticket_id = ticket
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------

    @api.model
    def _cs_demo_generate(self):
        """Last month's calls on two queues, one just above and one just below 95 %.

        Together 379 of 400 calls are answered within 180 s (94.75 %), so the demo
        dashboard shows the target met on one queue and missed on the other.
        """
        rng = random.Random(13)
        company = self.env.company
        today = fields.Date.context_today(self)
        month = fields.Date.start_of(fields.Date.subtract(today, months=1), "month")
        first = datetime.combine(month, time(8, 0))
        queues = {
            "sales": self.env.ref("customer_service.cs_call_queue_demo_sales").code,
            "support": self.env.ref("customer_service.cs_call_queue_demo_support").code,
        }
        calls = []
        for key, late in (("sales", 9), ("support", 12)):
            for index in range(200):
                start = first + timedelta(
                    days=rng.randrange(27),
                    hours=rng.randrange(10),
                    minutes=rng.randrange(60),
                )
                abandoned = index < late // 2
                slow = late // 2 <= index < late
                wait = (
                    rng.randrange(181, 420)
                    if (abandoned or slow)
                    else rng.randrange(5, 181)
                )
                talk = 0 if abandoned else rng.randrange(60, 900)
                answer = None if abandoned else start + timedelta(seconds=wait)
                calls.append(
                    {
                        "pbx_uid": f"demo-{key}-{index:04d}",
                        "start_date": start,
                        "answer_date": answer,
                        "end_date": (answer or start) + timedelta(seconds=talk or wait),
                        "direction": "inbound",
                        "state": "abandoned" if abandoned else "answered",
                        "wait_seconds": wait,
                        "talk_seconds": talk,
                        "caller": f"+3491{rng.randrange(1000000, 9999999)}",
                        "queue": queues[key],
                        "agent_ext": rng.choice(("101", "102")),
                        "is_callback": False,
                    }
                )
        self._cs_insert_calls(calls, company, "manual")
        # Requests for a person on some demo demands: most taken over in time.
        tickets = self.env["helpdesk.ticket"].search(
            [("company_id", "=", company.id)], order="id", limit=8
        )
        chat = self.env.ref("customer_service.channel_chat")
        agent = self.env.ref("base.user_admin")
        for index, ticket in enumerate(tickets):
            asked = first + timedelta(days=index * 3, hours=2)
            wait = 240 if index == 0 else 30 + 20 * index
            ticket.write(
                {
                    "cs_person_requested": True,
                    "cs_person_request_date": asked,
                    "cs_person_request_channel_id": (ticket.channel_id or chat).id,
                    "cs_person_takeover_date": asked + timedelta(seconds=wait),
                    "cs_person_takeover_user_id": agent.id,
                }
            )
