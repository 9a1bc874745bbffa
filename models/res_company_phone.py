from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.phone_indicator import DEFAULT_TARGET_PERCENT, DEFAULT_THRESHOLD_SECONDS


class ResCompanyPhone(models.Model):
    _inherit = "res.company"

    cs_phone_threshold_seconds = fields.Integer(
        string="Phone Answer Threshold (s)",
        default=DEFAULT_THRESHOLD_SECONDS,
        help="Ley 10/2025: calls and requests for a person are to be attended "
        "within three minutes. A wait of exactly this many seconds counts as in "
        "time.",
    )
    cs_phone_target_percent = fields.Float(
        string="Phone Attention Target (%)",
        default=DEFAULT_TARGET_PERCENT,
        digits=(5, 2),
        help="Share of calls, and of requests for a person, to attend within the "
        "threshold. Ley 10/2025 sets 95 %.",
    )

    @api.constrains("cs_phone_threshold_seconds", "cs_phone_target_percent")
    def _check_cs_phone_indicator(self):
        for company in self:
            if company.cs_phone_threshold_seconds <= 0:
                raise ValidationError(
                    self.env._(
                        "The phone answer threshold of %(company)s must be a "
                        "positive number of seconds, such as 180.",
                        company=company.name,
                    )
                )
            if not 0 < company.cs_phone_target_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The phone attention target of %(company)s must be a "
                        "percentage between 0 and 100, such as 95.",
                        company=company.name,
                    )
                )
