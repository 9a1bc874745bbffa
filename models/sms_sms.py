from odoo import api, fields, models


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _cs_gdpr_sms(self, partner):
        """Text messages to the person: addressed to the contact, or to their number
        (E.164) without a contact when no other contact shares that number."""
        # sudo: the SMS queue is readable by administrators only.
        sms = self.sudo().search([("partner_id", "=", partner.id)])
        number = partner.phone_sanitized
        if not number:
            return sms
        shared = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search_count(
                [("phone_sanitized", "=", number), ("id", "!=", partner.id)], limit=1
            )
        )
        if not shared:
            variants = list({number, partner.phone} - {False})
            sms |= self.sudo().search(
                [("partner_id", "=", False), ("number", "in", variants)]
            )
        return sms

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "number": sms.number or "",
                "body": sms.body or "",
                "state": sms.state,
                "date": fields.Datetime.to_string(sms.create_date),
            }
            for sms in self._cs_gdpr_sms(partner)
        ]

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        sms = self._cs_gdpr_sms(partner)
        if not dry_run:
            sms.unlink()
        return {"changed": len(sms), "kept": []}
