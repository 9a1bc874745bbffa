from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    cs_metric = fields.Selection(
        [
            ("csat", "CSAT (1-5)"),
            ("nps", "NPS (0-10)"),
            ("ces", "CES (1-7)"),
            ("reason", "Reason for a low score"),
            ("comment", "Comment"),
        ],
        string="Satisfaction Metric",
        help="What the answer to this question feeds in the customer-service "
        "satisfaction metrics.",
    )
