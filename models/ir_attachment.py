import base64

from odoo import api, fields, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _cs_gdpr_attachments(self, partner):
        tickets = self.env["helpdesk.ticket"]._cs_gdpr_tickets(partner)
        messages = self.env["mail.message"]._cs_gdpr_messages(partner)
        requests = (
            self.env["cs.data.request"].sudo().search([("partner_id", "=", partner.id)])
        )
        # sudo: attachments of other users' messages on the contact's tickets too.
        return (
            self.sudo()
            .search(
                [
                    "|",
                    "|",
                    "|",
                    "&",
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    "&",
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "in", tickets.ids),
                    "&",
                    ("res_model", "=", "cs.data.request"),
                    ("res_id", "in", requests.ids),
                    ("id", "in", messages.attachment_ids.ids),
                ]
            )
            .filtered(lambda a: not a.res_field)
        )

    @api.model
    def _cs_gdpr_export(self, partner):
        return [
            {
                "id": a.id,
                "name": a.name,
                "mimetype": a.mimetype or "",
                "size": a.file_size,
                "document": f"{a.res_model},{a.res_id}" if a.res_model else "",
                "created_on": fields.Datetime.to_string(a.create_date),
            }
            for a in self._cs_gdpr_attachments(partner)
            # Earlier exports are copies of this data, not data of their own.
            if a.res_model != "cs.data.request"
        ]

    @api.model
    def _cs_gdpr_files(self, partner):
        """(file name, bytes) of the contact's attachments, for the export zip."""
        return [
            (f"attachments/{a.id}-{a.name}", base64.b64decode(a.datas or b""))
            for a in self._cs_gdpr_attachments(partner)
            if a.res_model != "cs.data.request" and a.type == "binary"
        ]

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        attachments = self._cs_gdpr_attachments(partner)
        if not dry_run:
            attachments.unlink()
        return {"changed": len(attachments), "kept": []}
