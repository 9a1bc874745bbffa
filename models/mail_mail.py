from odoo import api, fields, models, tools

from .mail_message import (
    cs_gdpr_address_index,
    cs_gdpr_emails,
    cs_gdpr_ids_with_address,
)


class MailMail(models.Model):
    _inherit = "mail.mail"

    # Erasure looks the person's address up among the recipients of every batch.
    _cs_email_to_address_idx = models.Index(cs_gdpr_address_index("email_to"))
    _cs_email_cc_address_idx = models.Index(cs_gdpr_address_index("email_cc"))

    def _cs_gdpr_mails(self, partner):
        """Outgoing e-mails (queued, failed or kept) to the person or carrying one of
        their messages."""
        messages = self.env["mail.message"]._cs_gdpr_messages(partner)
        # sudo: the outgoing queue is readable by administrators only.
        Mail = self.sudo()
        mails = Mail.search(
            [
                "|",
                ("recipient_ids", "in", partner.ids),
                ("mail_message_id", "in", messages.ids),
            ]
        )
        emails = cs_gdpr_emails(partner)
        if emails:
            # The index narrows the candidates; the address must match exactly.
            Mail.flush_model(["email_to", "email_cc"])
            candidates = Mail.browse(
                cs_gdpr_ids_with_address(
                    self.env.cr,
                    "mail_mail",
                    ["email_to", "email_cc"],
                    emails,
                    mails.ids,
                )
            )
            mails |= candidates.filtered(
                lambda m: emails
                & set(
                    tools.email_normalize_all(f"{m.email_to or ''},{m.email_cc or ''}")
                )
            )
        return mails

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "subject": mail.subject or "",
                "to": mail.email_to or "",
                "cc": mail.email_cc or "",
                "state": mail.state,
                "date": fields.Datetime.to_string(mail.create_date),
            }
            for mail in self._cs_gdpr_mails(partner)
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        mails = self._cs_gdpr_mails(partner)
        if not dry_run:
            # Not sent any more: the person is erased.
            mails.unlink()
        return {"changed": len(mails), "kept": []}
