from odoo import fields, models

from .cs_form_read_stamp import ensure_stamp_sequence


class ResCompanySla(models.Model):
    _inherit = "res.company"

    # On the company, not on a policy: every ticket create already reads the
    # company's row, so the SLA policies' cache key costs no query.
    cs_sla_policy_stamp = fields.Integer(
        string="SLA Policies Stamp",
        readonly=True,
        copy=False,
        help="Changes whenever one of the company's SLA policies changes: the "
        "policies' cached terms are keyed on it.",
    )

    def init(self):
        ensure_stamp_sequence(self.env.cr)
