from odoo import api, fields, models, tools


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _cs_gdpr_messages(self, partner):
        """Messages written by the contact, and every message on the contact's own
        record and tickets."""
        tickets = self.env["helpdesk.ticket"]._cs_gdpr_tickets(partner)
        domain = [
            "|",
            "|",
            ("author_id", "=", partner.id),
            "&",
            ("model", "=", "res.partner"),
            ("res_id", "=", partner.id),
            "&",
            ("model", "=", "helpdesk.ticket"),
            ("res_id", "in", tickets.ids),
        ]
        # sudo: the DPO must reach every message, including internal notes.
        messages = self.sudo().search(domain, order="date, id")
        email = tools.email_normalize(partner.email or "")
        if email:
            # ilike only narrows the candidates ("joan@" contains "an@"); a message
            # is the person's when one of its sender addresses is exactly theirs.
            candidates = self.sudo().search(
                [("email_from", "ilike", email), ("id", "not in", messages.ids)],
                order="date, id",
            )
            messages |= candidates.filtered(
                lambda m: email in tools.email_normalize_all(m.email_from or "")
            )
        return messages.sorted(lambda m: (m.date, m.id))

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "date": fields.Datetime.to_string(m.date),
                "document": f"{m.model},{m.res_id}" if m.model else "",
                "type": m.message_type,
                "author": m.author_id.display_name or m.email_from or "",
                "subject": m.subject or "",
                "body": tools.html2plaintext(m.body or ""),
            }
            for m in self._cs_gdpr_messages(partner)
        ]

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        messages = self._cs_gdpr_messages(partner)
        if not dry_run and messages:
            messages.tracking_value_ids.sudo().unlink()
            messages.write(
                {
                    "body": f"<p>{self.env._('[erased]')}</p>",
                    "subject": False,
                    "email_from": False,
                    "reply_to": False,
                }
            )
        return {"changed": len(messages), "kept": []}
