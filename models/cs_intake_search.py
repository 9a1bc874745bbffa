from odoo import models


class CsIntake(models.Model):
    _name = "cs.intake"
    _inherit = ["cs.intake", "cs.compiled.rules.mixin"]
