from odoo import api, models


class PhoneBlacklist(models.Model):
    _inherit = "phone.blacklist"

    # Erasure hooks take one contact or a retention batch of them.
    _cs_gdpr_batch = True

    def _cs_gdpr_entries(self, partner):
        numbers = set(partner.mapped("phone_sanitized")) - {False}
        if not numbers:
            return self.browse()
        # sudo: the suppression list is readable by marketing managers only.
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("number", "in", sorted(numbers))])
        )

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {"number": entry.number, "active": entry.active}
            for entry in self._cs_gdpr_entries(partner)
        ]

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        entries = self._cs_gdpr_entries(partner)
        kept = []
        if entries:
            kept.append(
                self.env._(
                    "The phone number stays on the SMS and call suppression list so "
                    "that the person is never contacted again (GDPR Art. 21(3) and "
                    "17(3)(e), LSSI Art. 21)."
                )
            )
        return {"changed": 0, "kept": kept, "keeps_identifiable": bool(entries)}
