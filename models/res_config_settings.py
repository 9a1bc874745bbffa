from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # --- Document intake ---
    cs_intake_max_file_mb = fields.Integer(
        related="company_id.cs_intake_max_file_mb", readonly=False
    )
    cs_intake_allowed_types = fields.Char(
        related="company_id.cs_intake_allowed_types", readonly=False
    )
