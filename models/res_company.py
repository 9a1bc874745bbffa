from odoo import fields, models

from ..tools.file_check import DEFAULT_ALLOWED


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- Document intake ---
    cs_intake_max_file_mb = fields.Integer(
        string="Maximum File Size (MB)",
        default=10,
        help="Files handed in above this size are refused; 0 means no limit.",
    )
    cs_intake_allowed_types = fields.Char(
        string="Accepted File Types",
        default=", ".join(DEFAULT_ALLOWED),
        help="MIME types accepted at intake, comma-separated; * is a wildcard. The "
        "type is read from the content, not from the file name.",
    )
