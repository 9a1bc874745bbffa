from odoo import fields, models


class CsSatisfactionStat(models.Model):
    """One row per satisfaction survey sent or quick rating requested.

    Measures are stored per row as 100/0 (or +100/0/-100 for the NPS) so that the
    pivot's average is the KPI itself: CSAT %, NPS, response rate. Empty values are
    NULL and PostgreSQL's AVG skips them.
    """

    _name = "cs.satisfaction.stat"
    _description = "Satisfaction Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "date"
    # Searching the view flushes pending writes to these fields first.
    _depends = {
        "survey.user_input": [
            "state",
            "partner_id",
            "create_date",
            "cs_is_satisfaction",
            "cs_sent_date",
            "cs_ticket_id",
            "cs_team_id",
            "cs_agent_id",
            "cs_channel_id",
            "cs_category_id",
            "cs_company_id",
            "cs_product_id",
            "cs_delivery",
            "cs_csat",
            "cs_nps",
            "cs_ces",
            "cs_has_csat",
            "cs_has_nps",
            "cs_has_ces",
            "cs_deficiency",
        ],
        "rating.rating": ["rating", "consumed", "res_model", "res_id", "partner_id"],
        "helpdesk.ticket": [
            "team_id",
            "user_id",
            "channel_id",
            "category_id",
            "cs_product_id",
            "company_id",
        ],
    }

    source = fields.Selection(
        [("survey", "Survey"), ("rating", "Quick rating")], readonly=True
    )
    user_input_id = fields.Many2one("survey.user_input", string="Answer", readonly=True)
    date = fields.Date(string="Sent On", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", readonly=True)
    agent_id = fields.Many2one("res.users", readonly=True)
    channel_id = fields.Many2one("helpdesk.ticket.channel", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    delivery = fields.Selection(
        [("email", "E-mail link"), ("sms", "SMS short link"), ("kiosk", "QR / kiosk")],
        readonly=True,
    )
    answered = fields.Integer(string="Answers", readonly=True)
    sent = fields.Integer(readonly=True)
    response_rate = fields.Float(string="Response Rate (%)", aggregator="avg")
    csat = fields.Float(string="CSAT (%)", aggregator="avg", readonly=True)
    nps = fields.Float(string="NPS", aggregator="avg", readonly=True)
    ces = fields.Float(string="CES (1-7)", aggregator="avg", readonly=True)
    promoters = fields.Integer(readonly=True)
    detractors = fields.Integer(readonly=True)
    deficiency = fields.Integer(string="Deficiencies", readonly=True)

    @property
    def _table_query(self):
        return self._cs_query()

    def _cs_query(self):
        return """
            SELECT ui.id * 2 AS id,
                   'survey' AS source,
                   ui.id AS user_input_id,
                   COALESCE(ui.cs_sent_date, ui.create_date)::date AS date,
                   ui.partner_id,
                   ui.cs_ticket_id AS ticket_id,
                   ui.cs_team_id AS team_id,
                   ui.cs_agent_id AS agent_id,
                   ui.cs_channel_id AS channel_id,
                   ui.cs_category_id AS category_id,
                   ui.cs_product_id AS product_id,
                   ui.cs_company_id AS company_id,
                   ui.cs_delivery AS delivery,
                   1 AS sent,
                   (ui.state = 'done')::int AS answered,
                   CASE WHEN ui.state = 'done' THEN 100.0 ELSE 0.0 END
                       AS response_rate,
                   CASE WHEN ui.cs_has_csat IS NOT TRUE THEN NULL
                        WHEN ui.cs_csat >= 4 THEN 100.0 ELSE 0.0 END AS csat,
                   CASE WHEN ui.cs_has_nps IS NOT TRUE THEN NULL
                        WHEN ui.cs_nps >= 9 THEN 100.0
                        WHEN ui.cs_nps <= 6 THEN -100.0 ELSE 0.0 END AS nps,
                   CASE WHEN ui.cs_has_ces THEN ui.cs_ces::float END AS ces,
                   (ui.cs_has_nps AND ui.cs_nps >= 9)::int AS promoters,
                   (ui.cs_has_nps AND ui.cs_nps <= 6)::int AS detractors,
                   COALESCE(ui.cs_deficiency, FALSE)::int AS deficiency
              FROM survey_user_input ui
             WHERE ui.cs_is_satisfaction
             UNION ALL
            SELECT r.id * 2 + 1,
                   'rating',
                   NULL,
                   r.create_date::date,
                   r.partner_id,
                   t.id,
                   t.team_id,
                   t.user_id,
                   t.channel_id,
                   t.category_id,
                   t.cs_product_id,
                   t.company_id,
                   NULL,
                   1,
                   r.consumed::int,
                   CASE WHEN r.consumed THEN 100.0 ELSE 0.0 END,
                   CASE WHEN NOT r.consumed THEN NULL
                        WHEN r.rating >= 4 THEN 100.0 ELSE 0.0 END,
                   NULL, NULL, 0, 0, 0
              FROM rating_rating r
              JOIN helpdesk_ticket t ON t.id = r.res_id
             WHERE r.res_model = 'helpdesk.ticket'
        """
