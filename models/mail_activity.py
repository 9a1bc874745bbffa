from odoo import api, fields, models, tools


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _cs_gdpr_activities(self, partner):
        tickets = self.env["helpdesk.ticket"]._cs_gdpr_tickets(partner)
        # sudo: activities of every user on the person's contact and tickets.
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partner.ids),
                    "&",
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "in", tickets.ids),
                ]
            )
        )

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "type": activity.activity_type_id.name or "",
                "summary": activity.summary or "",
                "note": tools.html2plaintext(activity.note or ""),
                "due": fields.Date.to_string(activity.date_deadline),
                "document": f"{activity.res_model},{activity.res_id}",
            }
            for activity in self._cs_gdpr_activities(partner)
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        activities = self._cs_gdpr_activities(partner)
        if not dry_run:
            activities.unlink()
        return {"changed": len(activities), "kept": []}
