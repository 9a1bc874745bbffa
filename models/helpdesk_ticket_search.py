from odoo import models


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "cs.compiled.rules.mixin"]

    def init(self):
        result = super().init()
        # The stored search vector and its GIN index, also on upgrade (the install
        # hook only runs once).
        self.env["cs.search.wizard"]._cs_ensure_fts_objects(["ticket"])
        return result
