from odoo import api, fields, models


class SmsSms(models.Model):
    _inherit = "sms.sms"

    def _cs_gdpr_sms(self, partner):
        """Text messages to the person: addressed to the contact, or to their number
        (E.164) without a contact when no other contact shares that number."""
        # sudo: the SMS queue is readable by administrators only.
        sms = self.sudo().search([("partner_id", "in", partner.ids)])
        numbers = set(partner.mapped("phone_sanitized")) - {False}
        if not numbers:
            return sms
        holders = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [("phone_sanitized", "in", sorted(numbers))],
                ["phone_sanitized"],
                ["__count"],
            )
        )
        shared = {number for number, count in holders if count > 1}
        variants = set()
        for person in partner:
            if person.phone_sanitized and person.phone_sanitized not in shared:
                variants |= {person.phone_sanitized, person.phone} - {False}
        if variants:
            sms |= self.sudo().search(
                [("partner_id", "=", False), ("number", "in", sorted(variants))]
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

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        sms = self._cs_gdpr_sms(partner)
        if not dry_run:
            sms.unlink()
        return {"changed": len(sms), "kept": []}
