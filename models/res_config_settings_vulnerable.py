from odoo import fields, models


class ResConfigSettingsVulnerable(models.TransientModel):
    _inherit = "res.config.settings"

    cs_vulnerable_deadline_days = fields.Integer(
        related="company_id.cs_vulnerable_deadline_days", readonly=False
    )
