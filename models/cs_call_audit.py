from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.phone_indicator import meets_target, share_percent


class CsCallAudit(models.Model):
    _inherit = "cs.call"

    @api.model
    def _cs_audit_section_phone(self, company, date_from, date_to):
        """Ley 10/2025 phone indicator of ``company`` for calls offered in the period.

        ``date_from`` and ``date_to`` are dates, both included (UTC days).
        """
        start = fields.Datetime.to_datetime(date_from)
        stop = fields.Datetime.to_datetime(fields.Date.add(date_to, days=1))
        threshold = company.cs_phone_threshold_seconds
        target = company.cs_phone_target_percent
        self.env["cs.call"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT c.queue_id,
                       COUNT(*),
                       COUNT(*) FILTER (WHERE c.state = 'answered'),
                       COUNT(*) FILTER (WHERE c.state = 'answered'
                                          AND c.wait_seconds <= %(threshold)s),
                       COUNT(*) FILTER (WHERE c.state = 'abandoned'),
                       COUNT(c.callback_of_id)
                  FROM cs_call c
                 WHERE c.company_id = %(company)s
                   AND c.direction = 'inbound'
                   AND c.start_date >= %(start)s AND c.start_date < %(stop)s
              GROUP BY c.queue_id
              ORDER BY c.queue_id NULLS FIRST
                """,
                threshold=threshold,
                company=company.id,
                start=start,
                stop=stop,
            )
        )
        per_queue = self.env.cr.fetchall()
        offered = sum(row[1] for row in per_queue)
        answered = sum(row[2] for row in per_queue)
        in_time = sum(row[3] for row in per_queue)
        abandoned = sum(row[4] for row in per_queue)
        self.env.cr.execute(
            SQL(
                """
                SELECT COUNT(*) FROM cs_call
                 WHERE company_id = %s AND callback_of_id IS NOT NULL
                   AND start_date >= %s AND start_date < %s
                """,
                company.id,
                start,
                stop,
            )
        )
        callbacks = self.env.cr.fetchone()[0]
        base = [
            ("company_id", "=", company.id),
            ("direction", "=", "inbound"),
            ("start_date", ">=", start),
            ("start_date", "<", stop),
        ]
        share = share_percent(in_time, offered)
        yes, no = self.env._("Yes"), self.env._("No")
        figures = [
            {
                "label": self.env._("Inbound calls offered"),
                "value": offered,
                "records": self.search(base),
            },
            {
                "label": self.env._("Calls answered by a person"),
                "value": answered,
                "records": self.search(base + [("state", "=", "answered")]),
            },
            {
                "label": self.env._(
                    "Calls answered within %(seconds)s seconds", seconds=threshold
                ),
                "value": in_time,
                "records": self.search(
                    base
                    + [("state", "=", "answered"), ("wait_seconds", "<=", threshold)]
                ),
            },
            {
                "label": self.env._("Share answered in time (%)"),
                "value": share if share is not None else "-",
                "records": self.browse(),
            },
            {
                "label": self.env._("Target (%)"),
                "value": target,
                "records": self.browse(),
            },
            {
                "label": self.env._("Target met"),
                "value": yes if meets_target(in_time, offered, target) else no,
                "records": self.browse(),
            },
            {
                "label": self.env._("Abandoned calls"),
                "value": abandoned,
                "records": self.search(base + [("state", "=", "abandoned")]),
            },
            {
                "label": self.env._("Callbacks of abandoned calls"),
                "value": callbacks,
                "records": self.search(
                    [
                        ("company_id", "=", company.id),
                        ("callback_of_id", "!=", False),
                        ("start_date", ">=", start),
                        ("start_date", "<", stop),
                    ]
                ),
            },
        ]
        queues = self.env["cs.call.queue"].browse(
            [row[0] for row in per_queue if row[0]]
        )
        names = {queue.id: queue.name for queue in queues}
        for queue_id, q_offered, _answered, q_in_time, _abandoned, _cb in per_queue:
            q_share = share_percent(q_in_time, q_offered)
            figures.append(
                {
                    "label": self.env._(
                        "Queue %(queue)s: share answered in time (%%)",
                        queue=names.get(queue_id) or self.env._("none"),
                    ),
                    "value": q_share if q_share is not None else "-",
                    "records": self.search(
                        base + [("queue_id", "=", queue_id or False)]
                    ),
                }
            )
        return {
            "key": "phone",
            "title": self.env._("Phone attention (Ley 10/2025)"),
            "definition": self.env._(
                "Inbound calls whose call started in the period (UTC). A call is "
                "answered in time when a person answered it after a wait of at "
                "most %(seconds)s seconds, the wait being counted from the call "
                "reaching the exchange. Abandoned calls count as offered and not "
                "answered in time. The share is calls answered in time over calls "
                "offered; the target of %(target)s %% is met when the share is at "
                "least the target.",
                seconds=threshold,
                target=target,
            ),
            "figures": figures,
        }
