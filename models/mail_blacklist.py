from odoo import api, models

from .mail_message import cs_gdpr_emails


class MailBlacklist(models.Model):
    _inherit = "mail.blacklist"

    # Erasure hooks take one contact or a retention batch of them.
    _cs_gdpr_batch = True

    def _cs_gdpr_entries(self, partner):
        emails = cs_gdpr_emails(partner)
        if not emails:
            return self.browse()
        # sudo: the suppression list is readable by marketing managers only.
        return (
            self.sudo()
            .with_context(active_test=False)
            .search([("email", "in", sorted(emails))])
        )

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {"email": entry.email, "active": entry.active}
            for entry in self._cs_gdpr_entries(partner)
        ]

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        entries = self._cs_gdpr_entries(partner)
        kept = []
        if entries:
            kept.append(
                self.env._(
                    "The e-mail address stays on the e-mail suppression list so that "
                    "the person is never mailed again (GDPR Art. 21(3) and 17(3)(e), "
                    "LSSI Art. 21)."
                )
            )
        return {"changed": 0, "kept": kept, "keeps_identifiable": bool(entries)}
