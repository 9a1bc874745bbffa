from odoo import fields, models


class ResPartnerProtocol(models.Model):
    _inherit = "res.partner"

    cs_address_form_id = fields.Many2one(
        "cs.address.form",
        string="Form of Address",
        help="How the customer-service team addresses this contact (Sr., Sra., Dr.…).",
        index="btree_not_null",
    )
