from odoo import fields, models


class ResCompanyVulnerable(models.Model):
    _inherit = "res.company"

    cs_vulnerable_deadline_days = fields.Integer(
        string="Vulnerable Customers' Internal Deadline (business days)",
        default=5,
        help="Internal target to answer a vulnerable customer's demand, shorter than "
        "the legal term. 0 sets no internal deadline.",
    )
