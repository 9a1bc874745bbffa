from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        invoices = posted.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        for invoice in invoices:
            # Posting is an accounting right; starting the plans is the service side.
            self.env["cs.followup.plan"].sudo()._cs_trigger(
                "invoice",
                invoice.partner_id,
                invoice=invoice,
                company=invoice.company_id,
            )
        return posted
