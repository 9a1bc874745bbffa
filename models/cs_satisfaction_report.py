import base64
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, html_escape

from odoo.addons.base.models.res_partner import _lang_get

from ..tools.satisfaction_charts import bar_chart_png, trend_chart_png
from ..tools.satisfaction_conclusions import draft_conclusions
from ..tools.satisfaction_metrics import COUNT_KEYS, delta, kpis, previous_period

DIMENSIONS = [
    ("total", "Total"),
    ("team", "Team"),
    ("agent", "Agent"),
    ("channel", "Channel"),
    ("category", "Category"),
    ("month", "Month"),
    ("typology", "Comment topic"),
    ("complaint", "Complaint type"),
    ("product", "Product"),
    ("complaint_product", "Complaints by product"),
    ("request_kind", "Request type"),
]
DIMENSION_MODEL = {
    "team": ("team_id", "helpdesk.ticket.team"),
    "agent": ("agent_id", "res.users"),
    "channel": ("channel_id", "helpdesk.ticket.channel"),
    "category": ("category_id", "helpdesk.ticket.category"),
    "product": ("product_id", "product.product"),
}
KPI_FIELDS = ("sent", "answered", "csat", "nps", "ces", "response_rate")
LOCKED_STATES = ("approved", "archived")
# Fields the chatter and the workflow still write on an approved report.
WRITABLE_WHEN_LOCKED = {"state", "message_main_attachment_id", "archive_date"}


class CsSatisfactionReport(models.Model):
    _name = "cs.satisfaction.report"
    _description = "Satisfaction Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_to desc, id desc"

    name = fields.Char(required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("review", "In review"),
            ("approved", "Approved"),
            ("archived", "Archived"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users", string="Author", default=lambda self: self.env.user
    )
    lang = fields.Selection(
        _lang_get,
        string="Language",
        required=True,
        default=lambda self: self.env.user.lang or self.env.lang or "en_US",
        help="Language of the conclusions and of the printed report. Regenerate "
        "the report after changing it.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approval_date = fields.Datetime(readonly=True)
    archive_date = fields.Datetime(readonly=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    team_ids = fields.Many2many("helpdesk.ticket.team", string="Teams")
    channel_ids = fields.Many2many("helpdesk.ticket.channel", string="Channels")
    previous_report_id = fields.Many2one(
        "cs.satisfaction.report",
        string="Compared With",
        readonly=True,
        help="The last approved report before this period, when there is one.",
    )
    compare_label = fields.Char(string="Comparison", readonly=True)
    generated_date = fields.Datetime(readonly=True)
    sent = fields.Integer(readonly=True)
    answered = fields.Integer(string="Answers", readonly=True)
    csat = fields.Float(string="CSAT (%)", readonly=True)
    nps = fields.Float(string="NPS", readonly=True)
    ces = fields.Float(string="CES (1-7)", readonly=True)
    response_rate = fields.Float(string="Response Rate (%)", readonly=True)
    prev_csat = fields.Float(string="Previous CSAT", readonly=True)
    prev_nps = fields.Float(string="Previous NPS", readonly=True)
    prev_ces = fields.Float(string="Previous CES", readonly=True)
    prev_response_rate = fields.Float(string="Previous Response Rate", readonly=True)
    has_previous = fields.Boolean(readonly=True)
    small_sample = fields.Boolean(
        readonly=True, help="Fewer than 30 answers: figures are indicative."
    )
    csat_ci = fields.Char(string="CSAT 95% Interval", readonly=True)
    nps_ci = fields.Char(string="NPS 95% Interval", readonly=True)
    deficiency_count = fields.Integer(string="Deficiencies", readonly=True)
    deficiency_input_ids = fields.Many2many(
        "survey.user_input", string="Deficient Answers", readonly=True
    )
    conclusions = fields.Html(
        help="Drafted from the data by explicit rules when the report is "
        "generated; edit them before submitting the report for review."
    )
    line_ids = fields.One2many(
        "cs.satisfaction.report.line", "report_id", string="Lines"
    )
    kpi_line_ids = fields.One2many(
        "cs.satisfaction.report.line",
        "report_id",
        string="Segments",
        domain=[
            ("dimension", "in", ("team", "agent", "channel", "category", "product"))
        ],
    )
    topic_line_ids = fields.One2many(
        "cs.satisfaction.report.line",
        "report_id",
        string="Topics",
        domain=[
            (
                "dimension",
                "in",
                ("typology", "complaint", "complaint_product", "request_kind"),
            )
        ],
    )
    action_ids = fields.One2many(
        "cs.satisfaction.action", "report_id", string="Improvement Proposals"
    )
    no_action_reason = fields.Text(
        string="Why No Proposal Is Needed",
        tracking=True,
        help="Required to approve a report without improvement proposals.",
    )
    chart_trend = fields.Binary(string="Trend Chart", attachment=True, readonly=True)
    chart_channel = fields.Binary(
        string="Channel Chart", attachment=True, readonly=True
    )

    _period_valid = models.Constraint(
        "CHECK (date_from <= date_to)",
        "The report period must start before it ends.",
    )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------

    def write(self, vals):
        if set(vals) - WRITABLE_WHEN_LOCKED:
            locked = self.filtered(lambda r: r.state in LOCKED_STATES)
            if locked:
                raise UserError(
                    self.env._(
                        "Report %(name)s is approved and can no longer be changed. "
                        "Create a new report for a new analysis.",
                        name=locked[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(r.state != "draft" for r in self):
            raise UserError(
                self.env._(
                    "Only draft reports can be deleted: reviewed and approved "
                    "reports are the team's archive."
                )
            )

    def _cs_check_manager(self):
        if not self.env.user.has_group("customer_service.group_cs_manager"):
            raise AccessError(
                self.env._("Only a customer-service manager can approve reports.")
            )

    def _cs_check_state(self, expected):
        for report in self:
            if report.state not in expected:
                raise UserError(
                    self.env._(
                        "Report %(name)s is %(state)s: this step is not possible now.",
                        name=report.name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[report.state],
                    )
                )

    def action_submit(self):
        self._cs_check_state(("draft",))
        self.write({"state": "review"})

    def action_back_to_draft(self):
        self._cs_check_state(("review",))
        self.write({"state": "draft"})

    def action_approve(self):
        self._cs_check_manager()
        self._cs_check_state(("review",))
        for report in self:
            if not report.action_ids and not (report.no_action_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Report %(name)s has no improvement proposal. Add at least "
                        "one on the Improvement Proposals tab, or write why none is "
                        "needed in “Why No Proposal Is Needed”, then approve it "
                        "again.",
                        name=report.name,
                    )
                )
        # Still in review here, so write() lets the approval fields through.
        self.write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approval_date": fields.Datetime.now(),
            }
        )

    def action_archive_report(self):
        self._cs_check_manager()
        self._cs_check_state(("approved",))
        self.write({"state": "archived", "archive_date": fields.Datetime.now()})

    def action_regenerate(self):
        self._cs_check_state(("draft",))
        self._cs_generate()

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------

    def _cs_scope_sql(self, date_from, date_to):
        self.ensure_one()
        conditions = [
            SQL("s.date BETWEEN %s AND %s", date_from, date_to),
            SQL("s.company_id = %s", self.company_id.id),
        ]
        if self.team_ids:
            conditions.append(SQL("s.team_id = ANY(%s)", self.team_ids.ids))
        if self.channel_ids:
            conditions.append(SQL("s.channel_id = ANY(%s)", self.channel_ids.ids))
        return SQL(" AND ").join(conditions)

    def _cs_monthly_start(self):
        """First day of the trend chart: six months up to the period's end."""
        return (self.date_to.replace(day=1) - timedelta(days=155)).replace(day=1)

    def _cs_aggregate_all(self, prev_from=None, prev_to=None):
        """Counts of the period, of the previous period (when given) and of each
        month of the trend chart, in one scan of the answers.

        Returns ``(current, previous, monthly)``: the first two map (dimension,
        record id) to counts, for the total and per team, agent, channel, category
        and product (tickets have one with helpdesk_product, or from a post-sale
        follow-up); ``monthly`` is [(month, counts)] in order. One query with
        GROUPING SETS over the reporting model's SQL: the report used to read the
        answers three times, once per period and once for the months.
        """
        self.ensure_one()
        stat = self.env["cs.satisfaction.stat"]
        month_from = self._cs_monthly_start()
        starts = [self.date_from, month_from]
        if prev_from:
            starts.append(prev_from)
        ends = [self.date_to] + ([prev_to] if prev_to else [])
        period = SQL(
            "CASE WHEN s.date BETWEEN %s AND %s THEN 'current' %s END",
            self.date_from,
            self.date_to,
            SQL("WHEN s.date BETWEEN %s AND %s THEN 'previous'", prev_from, prev_to)
            if prev_from
            else SQL(""),
        )
        query = SQL(
            """
            SELECT GROUPING(p.period, p.team_id, p.agent_id, p.channel_id,
                            p.category_id, p.product_id, p.month),
                   p.period, p.team_id, p.agent_id, p.channel_id, p.category_id,
                   p.product_id, p.month,
                   SUM(p.sent), SUM(p.answered),
                   COUNT(p.csat), COUNT(*) FILTER (WHERE p.csat > 0),
                   COUNT(p.nps), SUM(p.promoters), SUM(p.detractors),
                   COUNT(p.ces), SUM(p.ces), SUM(p.ces * p.ces), SUM(p.deficiency)
              FROM (SELECT s.team_id, s.agent_id, s.channel_id, s.category_id,
                           s.product_id, s.sent, s.answered, s.csat, s.nps, s.ces,
                           s.promoters, s.detractors, s.deficiency, %s AS period,
                           CASE WHEN s.date >= %s
                                THEN date_trunc('month', s.date)::date END AS month
                      FROM (%s) s
                     WHERE %s) p
             GROUP BY GROUPING SETS (
                   (p.period), (p.period, p.team_id), (p.period, p.agent_id),
                   (p.period, p.channel_id), (p.period, p.category_id),
                   (p.period, p.product_id), (p.month))
            """,
            period,
            month_from,
            SQL(stat._cs_query()),
            self._cs_scope_sql(min(starts), max(ends)),
        )
        self.env.cr.execute(query)
        # GROUPING() sets one bit per column left out, the first column highest.
        grouping_dimension = {
            63: "total",
            31: "team",
            47: "agent",
            55: "channel",
            59: "category",
            61: "product",
            126: "month",
        }
        result = {"current": {}, "previous": {}}
        monthly = []
        for row in self.env.cr.fetchall():
            grouping, period, team, agent, channel, category, product, month = row[:8]
            dimension = grouping_dimension[grouping]
            counts = dict(zip(COUNT_KEYS + ("deficiency",), row[8:], strict=True))
            if dimension == "month":
                if month:
                    monthly.append((month, counts))
                continue
            if not period:
                continue
            res_id = {
                "team": team,
                "agent": agent,
                "channel": channel,
                "category": category,
                "product": product,
            }.get(dimension)
            if dimension == "product" and not res_id:
                # Answers without a product are the rest, not a segment.
                continue
            result[period][(dimension, res_id or False)] = counts
        monthly.sort(key=lambda x: x[0])
        return result["current"], result["previous"], monthly

    def _cs_typology_counts(self):
        """Comment topics of the period's answers. The topics hang on survey
        answers only: the scope is applied to them directly, from the few tagged
        answers, instead of joining the reporting view (a scan of every answer)."""
        self.ensure_one()
        conditions = [
            SQL("ui.cs_is_satisfaction"),
            SQL(
                "COALESCE(ui.cs_sent_date, ui.create_date)::date BETWEEN %s AND %s",
                self.date_from,
                self.date_to,
            ),
            SQL("ui.cs_company_id = %s", self.company_id.id),
        ]
        if self.team_ids:
            conditions.append(SQL("ui.cs_team_id = ANY(%s)", self.team_ids.ids))
        if self.channel_ids:
            conditions.append(SQL("ui.cs_channel_id = ANY(%s)", self.channel_ids.ids))
        self.env.cr.execute(
            SQL(
                """
                SELECT rel.cs_satisfaction_typology_id, COUNT(*)
                  FROM cs_satisfaction_typology_survey_user_input_rel rel
                  JOIN survey_user_input ui ON ui.id = rel.survey_user_input_id
                 WHERE %s
                 GROUP BY 1 ORDER BY 2 DESC
                """,
                SQL(" AND ").join(conditions),
            )
        )
        return self.env.cr.fetchall()

    def _cs_ticket_domain(self, date_from, date_to):
        domain = [
            ("create_date", ">=", date_from),
            ("create_date", "<", date_to + timedelta(days=1)),
            ("company_id", "=", self.company_id.id),
        ]
        if self.team_ids:
            domain.append(("team_id", "in", self.team_ids.ids))
        if self.channel_ids:
            domain.append(("channel_id", "in", self.channel_ids.ids))
        return domain

    def _cs_complaint_facts(self, category_csat):
        """Complaints by type, by product and by category, when the complaints
        feature exists."""
        Ticket = self.env["helpdesk.ticket"]
        if "cs_is_complaint" not in Ticket._fields:
            return [], [], None
        domain = self._cs_ticket_domain(self.date_from, self.date_to) + [
            ("cs_is_complaint", "=", True)
        ]
        by_type = Ticket._read_group(domain, ["cs_complaint_type_id"], ["__count"])
        by_product = Ticket._read_group(
            domain + [("cs_product_id", "!=", False)], ["cs_product_id"], ["__count"]
        )
        by_category = Ticket._read_group(domain, ["category_id"], ["__count"])
        worst = None
        ranked = sorted(
            (
                (count, -category_csat[cat.id], cat)
                for cat, count in by_category
                if cat and category_csat.get(cat.id) is not None
            ),
            key=lambda x: (x[0], x[1]),
            reverse=True,
        )
        if ranked:
            most = ranked[0][0]
            lowest = min(category_csat[c.id] for _n, _c, c in ranked)
            top = ranked[0][2]
            if category_csat[top.id] == lowest:
                worst = {"name": top.name, "complaints": most, "csat": lowest}
        return by_type, by_product, worst

    def _cs_request_kind_lines(self):
        """Queries, incidents, complaints, claims and suggestions counted apart."""
        Ticket = self.env["helpdesk.ticket"]
        if "cs_request_kind" not in Ticket._fields:
            return []
        groups = Ticket._read_group(
            self._cs_ticket_domain(self.date_from, self.date_to)
            + [("cs_request_kind", "!=", False)],
            ["cs_request_kind"],
            ["__count"],
        )
        labels = dict(
            Ticket._fields["cs_request_kind"]._description_selection(self.env)
        )
        return [
            fields.Command.create(
                {"dimension": "request_kind", "name": labels[kind], "count": count}
            )
            for kind, count in sorted(groups, key=lambda x: -x[1])
        ]

    def _cs_sla_facts(self):
        """Detractor rate of answers whose ticket breached its SLA vs the others."""
        if "cs_sla_status" not in self.env["helpdesk.ticket"]._fields:
            return None
        self.env.cr.execute(
            SQL(
                """
                SELECT t.cs_sla_status = 'breached', COUNT(*), SUM(s.detractors)
                  FROM (%s) s JOIN helpdesk_ticket t ON t.id = s.ticket_id
                 WHERE %s AND s.source = 'survey' AND s.nps IS NOT NULL
                 GROUP BY 1
                """,
                SQL(self.env["cs.satisfaction.stat"]._cs_query()),
                self._cs_scope_sql(self.date_from, self.date_to),
            )
        )
        rates = {
            bool(breached): 100.0 * detr / n if n else None
            for breached, n, detr in self.env.cr.fetchall()
        }
        return {"breached_rate": rates.get(True), "on_track_rate": rates.get(False)}

    def _cs_sla_breaches_by_channel(self, date_from, date_to):
        Ticket = self.env["helpdesk.ticket"]
        if "cs_sla_status" not in Ticket._fields:
            return {}
        groups = Ticket._read_group(
            self._cs_ticket_domain(date_from, date_to)
            + [("cs_sla_status", "=", "breached")],
            ["channel_id"],
            ["__count"],
        )
        return {channel.id: count for channel, count in groups}

    def _cs_previous(self):
        """The last approved report for the same scope, or the period just before."""
        self.ensure_one()
        candidates = self.search(
            [
                ("state", "in", LOCKED_STATES),
                ("company_id", "=", self.company_id.id),
                ("date_to", "<", self.date_from),
                ("id", "!=", self.id),
            ],
            order="date_to desc",
            limit=20,
        )
        for report in candidates:
            if (
                report.team_ids == self.team_ids
                and report.channel_ids == self.channel_ids
            ):
                return report
        return self.browse()

    def _cs_generate(self):
        for report in self:
            # Conclusions, labels and chart titles are stored text: they are
            # written in the report's language, whoever generates it.
            report.with_context(lang=report.lang)._cs_generate_one()

    def _cs_generate_one(self):
        self.ensure_one()
        self.env.flush_all()
        previous_report = self._cs_previous()
        if previous_report:
            prev_from, prev_to = previous_report.date_from, previous_report.date_to
            compare_label = self.env._(
                "Compared with approved report %(name)s", name=previous_report.name
            )
        else:
            prev_from, prev_to = previous_period(self.date_from, self.date_to)
            compare_label = self.env._(
                "Compared with %(start)s - %(end)s",
                start=fields.Date.to_string(prev_from),
                end=fields.Date.to_string(prev_to),
            )
        if previous_report:
            current, __, monthly = self._cs_aggregate_all()
            previous = previous_report._cs_stored_kpis()
        else:
            current, previous_counts, monthly = self._cs_aggregate_all(
                prev_from, prev_to
            )
            previous = {k: kpis(v) for k, v in previous_counts.items()}
        current_kpis = {k: kpis(v) for k, v in current.items()}
        total = current_kpis.get(("total", False)) or kpis({})
        prev_total = previous.get(("total", False))

        breaches_now = self._cs_sla_breaches_by_channel(self.date_from, self.date_to)
        breaches_before = self._cs_sla_breaches_by_channel(prev_from, prev_to)
        lines = [fields.Command.clear()]
        segments = []
        names = {}
        for dimension, (_field, model) in DIMENSION_MODEL.items():
            ids = [rid for (dim, rid) in current if dim == dimension and rid]
            names[dimension] = dict(
                (rec.id, rec.display_name)
                for rec in self.env[model].sudo().browse(ids).exists()
            )
        category_csat = {}
        for (dimension, res_id), values in sorted(
            current_kpis.items(), key=lambda x: (x[0][0], -x[1]["answered"])
        ):
            if dimension == "total":
                continue
            name = names.get(dimension, {}).get(res_id) or self.env._("Not set")
            prev = previous.get((dimension, res_id))
            lines.append(
                fields.Command.create(
                    self._cs_line_values(dimension, res_id, name, values, prev)
                )
            )
            if dimension == "category" and res_id and values["csat"] is not None:
                category_csat[res_id] = values["csat"]
            if dimension == "channel":
                segments.append(
                    {
                        "dimension": dimension,
                        "res_id": res_id,
                        "label": self.env._("the %(name)s channel", name=name),
                        "current": values,
                        "previous": prev,
                        "sla_breaches": breaches_now.get(res_id),
                        "sla_breaches_prev": breaches_before.get(res_id),
                    }
                )
            elif dimension == "team":
                segments.append(
                    {
                        "dimension": dimension,
                        "label": self.env._("team %(name)s", name=name),
                        "current": values,
                        "previous": prev,
                    }
                )
        typologies = self._cs_typology_counts()
        typology_names = {
            t.id: t.name
            for t in self.env["cs.satisfaction.typology"].browse(
                [t for t, _c in typologies]
            )
        }
        for typology_id, count in typologies:
            lines.append(
                fields.Command.create(
                    {
                        "dimension": "typology",
                        "res_id": typology_id,
                        "name": typology_names.get(typology_id),
                        "count": count,
                    }
                )
            )
        by_type, by_product, worst = self._cs_complaint_facts(category_csat)
        for complaint_type, count in sorted(by_type, key=lambda x: -x[1])[:10]:
            lines.append(
                fields.Command.create(
                    {
                        "dimension": "complaint",
                        "res_id": complaint_type.id,
                        "name": complaint_type.name or self.env._("Not set"),
                        "count": count,
                    }
                )
            )
        for product, count in sorted(by_product, key=lambda x: -x[1])[:10]:
            lines.append(
                fields.Command.create(
                    {
                        "dimension": "complaint_product",
                        "res_id": product.id,
                        "name": product.display_name,
                        "count": count,
                    }
                )
            )
        lines += self._cs_request_kind_lines()
        extra = {"worst_category": worst, "sla_detractor": self._cs_sla_facts()}
        if typologies:
            extra["top_typology"] = {
                "name": typology_names.get(typologies[0][0]),
                "count": typologies[0][1],
            }
        sentences = draft_conclusions(
            self.env, total, prev_total, segments, extra=extra
        )
        conclusions = Markup("<ul>%s</ul>") % Markup("").join(
            Markup("<li>%s</li>") % html_escape(s) for s in sentences
        )
        deficient_domain = [
            ("cs_is_satisfaction", "=", True),
            ("cs_deficiency", "=", True),
            ("cs_sent_date", ">=", self.date_from),
            ("cs_sent_date", "<", self.date_to + timedelta(days=1)),
            ("cs_company_id", "=", self.company_id.id),
        ]
        if self.team_ids:
            deficient_domain.append(("cs_team_id", "in", self.team_ids.ids))
        if self.channel_ids:
            deficient_domain.append(("cs_channel_id", "in", self.channel_ids.ids))
        Answer = self.env["survey.user_input"]
        # Counted by the aggregate already (ratings have none).
        deficiency_count = (current.get(("total", False)) or {}).get("deficiency") or 0
        deficient = Answer.search(deficient_domain, order="cs_sent_date desc", limit=50)
        channel_bars = [
            (
                names["channel"].get(seg["res_id"]) or self.env._("Not set"),
                seg["current"].get("nps"),
                (seg.get("previous") or {}).get("nps"),
            )
            for seg in segments
            if seg["dimension"] == "channel"
        ]
        vals = {
            "previous_report_id": previous_report.id,
            "compare_label": compare_label,
            "generated_date": fields.Datetime.now(),
            "sent": total["sent"],
            "answered": total["answered"],
            "csat": total["csat"] or 0.0,
            "nps": total["nps"] or 0.0,
            "ces": total["ces"] or 0.0,
            "response_rate": total["response_rate"] or 0.0,
            "has_previous": bool(prev_total and prev_total.get("answered")),
            "prev_csat": (prev_total or {}).get("csat") or 0.0,
            "prev_nps": (prev_total or {}).get("nps") or 0.0,
            "prev_ces": (prev_total or {}).get("ces") or 0.0,
            "prev_response_rate": (prev_total or {}).get("response_rate") or 0.0,
            "small_sample": total["small_sample"],
            "csat_ci": _format_ci(total["csat_ci"]),
            "nps_ci": _format_ci(total["nps_ci"]),
            "deficiency_count": deficiency_count,
            "deficiency_input_ids": [fields.Command.set(deficient.ids)],
            "conclusions": conclusions,
            "line_ids": lines,
            "chart_trend": base64.b64encode(
                trend_chart_png(
                    [
                        (
                            month.strftime("%Y-%m"),
                            values["csat"],
                            values["nps"],
                            values["ces"],
                        )
                        for month, values in (
                            (month, kpis(counts)) for month, counts in monthly
                        )
                    ],
                    title=self.env._("CSAT and NPS by month"),
                )
            ),
            "chart_channel": base64.b64encode(
                bar_chart_png(
                    channel_bars,
                    title=self.env._("NPS by channel"),
                    current_label=self.env._("This period"),
                    previous_label=self.env._("Previous"),
                )
            ),
        }
        self.write(vals)

    def _cs_line_values(self, dimension, res_id, name, values, prev):
        prev = prev or {}
        return {
            "dimension": dimension,
            "res_id": res_id or 0,
            "name": name,
            "sent": values["sent"],
            "answered": values["answered"],
            "count": values["answered"],
            "csat": values["csat"],
            "nps": values["nps"],
            "ces": values["ces"],
            "response_rate": values["response_rate"],
            "delta_csat": delta(values["csat"], prev.get("csat")),
            "delta_nps": delta(values["nps"], prev.get("nps")),
            "delta_ces": delta(values["ces"], prev.get("ces")),
            "small_sample": values["small_sample"],
            "has_previous": bool(prev.get("answered")),
            "csat_ci": _format_ci(values["csat_ci"]),
            "nps_ci": _format_ci(values["nps_ci"]),
        }

    def _cs_stored_kpis(self):
        """KPIs of an approved report as it was approved, for the next comparison."""
        self.ensure_one()
        result = {
            ("total", False): {
                "answered": self.answered,
                "sent": self.sent,
                "csat": self.csat if self.answered else None,
                "nps": self.nps if self.answered else None,
                "ces": self.ces if self.answered else None,
                "response_rate": self.response_rate if self.sent else None,
            }
        }
        for line in self.line_ids.filtered(lambda x: x.dimension in DIMENSION_MODEL):
            result[(line.dimension, line.res_id or False)] = {
                "answered": line.answered,
                "sent": line.sent,
                "csat": line.csat if line.answered else None,
                "nps": line.nps if line.answered else None,
                "ces": line.ces if line.answered else None,
                "response_rate": line.response_rate if line.sent else None,
            }
        return result


def _format_ci(interval):
    if not interval:
        return False
    return f"{interval[0]:.0f} - {interval[1]:.0f}"
