from odoo import api, models


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    def _cs_gdpr_accounts(self, partner):
        # sudo: bank accounts are readable by accountants only.
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partner.ids)])
        )

    def _cs_gdpr_in_accounting(self):
        """Accounts named on invoices or payments, which the law makes us keep."""
        used = self.browse()
        for model in ("account.move", "account.payment"):
            if model in self.env and self:
                used |= (
                    self.env[model]
                    .sudo()
                    .search([("partner_bank_id", "in", self.ids)])
                    .partner_bank_id
                )
        return used & self

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "account": account.acc_number,
                "holder": account.acc_holder_name or "",
                "bank": account.bank_id.name or "",
            }
            for account in self._cs_gdpr_accounts(partner)
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        accounts = self._cs_gdpr_accounts(partner)
        used = accounts._cs_gdpr_in_accounting()
        kept = []
        if used:
            kept.append(
                self.env._(
                    "%(count)s bank accounts named on invoices or payments are kept "
                    "with those records for six years (Spanish Commercial Code Art. "
                    "30, GDPR Art. 17(3)(b)).",
                    count=len(used),
                )
            )
        if not dry_run:
            # unlink() only archives bank accounts: the number and holder go instead.
            for account in accounts - used:
                account.write(
                    {
                        "acc_number": f"erased-{account.id}",
                        "acc_holder_name": False,
                        "active": False,
                    }
                )
        return {
            "changed": len(accounts - used),
            "kept": kept,
            "keeps_identifiable": bool(used),
        }
