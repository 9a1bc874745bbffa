from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def init(self):
        result = super().init()
        # The stored search vector of chatter bodies and its GIN index, also on
        # upgrade (the install hook only runs once).
        self.env["cs.search.wizard"]._cs_ensure_fts_objects(["message"])
        return result
