from odoo import fields, models

from .cs_satisfaction_report import DIMENSIONS


class CsSatisfactionReportLine(models.Model):
    _name = "cs.satisfaction.report.line"
    _description = "Satisfaction Report Line"
    _order = "report_id, dimension, answered desc, count desc, id"

    report_id = fields.Many2one(
        "cs.satisfaction.report", required=True, ondelete="cascade", index=True
    )
    dimension = fields.Selection(DIMENSIONS, required=True)
    res_id = fields.Integer(string="Record ID")
    name = fields.Char()
    sent = fields.Integer()
    answered = fields.Integer(string="Answers")
    count = fields.Integer()
    csat = fields.Float(string="CSAT (%)", digits=(5, 1))
    nps = fields.Float(string="NPS", digits=(5, 1))
    ces = fields.Float(string="CES", digits=(3, 2))
    response_rate = fields.Float(string="Response Rate (%)", digits=(5, 1))
    has_previous = fields.Boolean()
    delta_csat = fields.Float(string="CSAT Trend", digits=(5, 1))
    delta_nps = fields.Float(string="NPS Trend", digits=(5, 1))
    delta_ces = fields.Float(string="CES Trend", digits=(3, 2))
    small_sample = fields.Boolean(help="Fewer than 30 answers.")
    csat_ci = fields.Char(string="CSAT 95% Interval")
    nps_ci = fields.Char(string="NPS 95% Interval")
