from odoo import fields, models


class ResConfigSettingsLegalClock(models.TransientModel):
    _inherit = "res.config.settings"

    cs_legal_term_days = fields.Integer(
        related="company_id.cs_legal_term_days", readonly=False
    )
    cs_legal_alert_days = fields.Integer(
        related="company_id.cs_legal_alert_days", readonly=False
    )
    cs_legal_sector = fields.Selection(
        related="company_id.cs_legal_sector", readonly=False
    )
    cs_legal_sector_term_days = fields.Integer(
        related="company_id.cs_legal_sector_term_days", readonly=False
    )
    cs_arbitration_adhered = fields.Boolean(
        related="company_id.cs_arbitration_adhered", readonly=False
    )
    cs_arbitration_body = fields.Char(
        related="company_id.cs_arbitration_body", readonly=False
    )
