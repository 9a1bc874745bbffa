from odoo import fields, models


class ResUsersPbx(models.Model):
    _inherit = "res.users"

    cs_pbx_extension = fields.Char(
        string="PBX Extension",
        index="btree_not_null",
        copy=False,
        help="The agent's extension on the telephone exchange; imported and pushed "
        "calls answered on it are assigned to this user.",
    )
