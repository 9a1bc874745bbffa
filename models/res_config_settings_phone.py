from odoo import fields, models


class ResConfigSettingsPhone(models.TransientModel):
    _inherit = "res.config.settings"

    cs_phone_threshold_seconds = fields.Integer(
        related="company_id.cs_phone_threshold_seconds", readonly=False
    )
    cs_phone_target_percent = fields.Float(
        related="company_id.cs_phone_target_percent", readonly=False
    )
