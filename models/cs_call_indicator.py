from odoo import fields, models, tools
from odoo.tools import SQL


class CsCallIndicator(models.Model):
    """Ley 10/2025 attention indicator per month, queue or team, and company.

    Calls: inbound calls offered, and those answered by a person within the
    company's threshold (180 s by default; exactly the threshold counts).
    Requests for a person: demands where the customer asked for a person, and those
    a person took over within the same threshold. Months are UTC calendar months.
    """

    _name = "cs.call.indicator"
    _description = "Phone and Personal Attention Indicator"
    _auto = False
    # Searching the view flushes what it reads.
    _depends = {
        "cs.call": [
            "start_date",
            "direction",
            "state",
            "wait_seconds",
            "queue_id",
            "company_id",
        ],
        "cs.call.queue": ["team_id"],
        "helpdesk.ticket": [
            "cs_person_requested",
            "cs_person_request_date",
            "cs_person_takeover_date",
            "cs_person_wait_seconds",
            "team_id",
            "company_id",
        ],
        "res.company": ["cs_phone_threshold_seconds", "cs_phone_target_percent"],
    }
    _order = "month desc, kind, company_id"

    kind = fields.Selection(
        [("call", "Phone calls"), ("person", "Requests for a person")], readonly=True
    )
    month = fields.Date(readonly=True)
    queue_id = fields.Many2one("cs.call.queue", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    offered = fields.Integer(readonly=True)
    answered = fields.Integer(string="Attended", readonly=True)
    in_time = fields.Integer(string="Attended in Time", readonly=True)
    abandoned = fields.Integer(string="Abandoned or Pending", readonly=True)
    threshold_seconds = fields.Integer(
        string="Threshold (s)", readonly=True, aggregator="max"
    )
    target_percent = fields.Float(string="Target (%)", readonly=True, aggregator="max")
    share_percent = fields.Float(
        string="In Time (%)",
        readonly=True,
        aggregator=None,
        digits=(5, 2),
        help="Attended in time over offered, for this row. Sum the counts to "
        "combine rows.",
    )
    meets_target = fields.Boolean(readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY s.month, s.kind, s.company_id,
                                      s.queue_id, s.team_id) AS id,
                   s.*,
                   ROUND(100.0 * s.in_time / NULLIF(s.offered, 0), 2) AS share_percent,
                   (s.in_time * 100.0 >= s.target_percent * s.offered) AS meets_target
              FROM (
                SELECT 'call' AS kind,
                       date_trunc('month', c.start_date)::date AS month,
                       c.queue_id,
                       q.team_id,
                       c.company_id,
                       COUNT(*) AS offered,
                       COUNT(*) FILTER (WHERE c.state = 'answered') AS answered,
                       COUNT(*) FILTER (
                           WHERE c.state = 'answered'
                             AND c.wait_seconds <= rc.cs_phone_threshold_seconds
                       ) AS in_time,
                       COUNT(*) FILTER (WHERE c.state = 'abandoned') AS abandoned,
                       rc.cs_phone_threshold_seconds AS threshold_seconds,
                       rc.cs_phone_target_percent AS target_percent
                  FROM cs_call c
                  JOIN res_company rc ON rc.id = c.company_id
             LEFT JOIN cs_call_queue q ON q.id = c.queue_id
                 WHERE c.direction = 'inbound'
              GROUP BY 2, 3, 4, 5, rc.cs_phone_threshold_seconds,
                       rc.cs_phone_target_percent
                UNION ALL
                SELECT 'person' AS kind,
                       date_trunc('month', t.cs_person_request_date)::date,
                       NULL,
                       t.team_id,
                       t.company_id,
                       COUNT(*),
                       COUNT(*) FILTER (WHERE t.cs_person_takeover_date IS NOT NULL),
                       COUNT(*) FILTER (
                           WHERE t.cs_person_takeover_date IS NOT NULL
                             AND t.cs_person_wait_seconds
                                 <= rc.cs_phone_threshold_seconds
                       ),
                       COUNT(*) FILTER (WHERE t.cs_person_takeover_date IS NULL),
                       rc.cs_phone_threshold_seconds,
                       rc.cs_phone_target_percent
                  FROM helpdesk_ticket t
                  JOIN res_company rc ON rc.id = t.company_id
                 WHERE t.cs_person_requested
                   AND t.cs_person_request_date IS NOT NULL
              GROUP BY 2, 4, 5, rc.cs_phone_threshold_seconds,
                       rc.cs_phone_target_percent
              ) s
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
