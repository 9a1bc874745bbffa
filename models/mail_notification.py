from odoo import api, models


class MailNotification(models.Model):
    _inherit = "mail.notification"

    def _cs_gdpr_notifications(self, partner):
        # sudo: notifications are technical records without user access.
        return self.sudo().search(
            [
                ("res_partner_id", "in", partner.ids),
                "|",
                ("sms_number", "!=", False),
                ("failure_reason", "!=", False),
            ]
        )

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "message": notification.mail_message_id.id,
                "type": notification.notification_type,
                "status": notification.notification_status,
                "sms_number": notification.sms_number or "",
                "failure": notification.failure_reason or "",
            }
            for notification in self._cs_gdpr_notifications(partner)
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        notifications = self._cs_gdpr_notifications(partner)
        if not dry_run:
            notifications.write({"sms_number": False, "failure_reason": False})
        return {"changed": len(notifications), "kept": []}
