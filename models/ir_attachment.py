import base64
import logging

from odoo import api, fields, models

from ..tools.file_check import INDEX_LATER, INDEX_NEVER, index_cost, index_plan
from ..tools.text_encoding import decode_text
from ..tools.zip_names import safe_member_name, unique_names

_logger = logging.getLogger(__name__)


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _index(self, bin_data, mimetype, checksum=None):
        """Do not parse files that unpack to more than a worker can afford.

        A 40 KB .docx can unpack to hundreds of MB and hold a worker for seconds.
        With ``cs_index_later`` in the context (customer uploads and e-mail), a
        file too big to read while the customer waits is left for a scheduled job.
        """
        plan = index_plan(bin_data, mimetype)
        if plan == INDEX_NEVER:
            _logger.info(
                "Text of a file not indexed: %s bytes once unpacked is over the limit",
                index_cost(bin_data, mimetype),
            )
            return False
        if plan == INDEX_LATER and self.env.context.get("cs_index_later"):
            return False
        if (mimetype or "").startswith("text/"):
            # Core keeps runs of ASCII only: "Garantía" would be indexed as "Garant".
            return decode_text(bin_data)[0]
        return super()._index(bin_data, mimetype, checksum=checksum)

    @api.model
    def _cs_gdpr_attachments(self, partner):
        tickets = self.env["helpdesk.ticket"]._cs_gdpr_tickets(partner)
        messages = self.env["mail.message"]._cs_gdpr_messages(partner)
        requests = (
            self.env["cs.data.request"]
            .sudo()
            .search([("partner_id", "in", partner.ids)])
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
                    ("res_id", "in", partner.ids),
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
        """(file name, bytes) of the contact's attachments, for the export zip.

        Attachment names are chosen by customers: they are reduced to a plain file
        name so that no member of the zip can point outside it once extracted.
        """
        attachments = [
            a
            for a in self._cs_gdpr_attachments(partner)
            if a.res_model != "cs.data.request" and a.type == "binary"
        ]
        names = unique_names(
            [safe_member_name(a.name, prefix=a.id) for a in attachments]
        )
        return [
            (f"attachments/{name}", base64.b64decode(a.datas or b""))
            for name, a in zip(names, attachments, strict=True)
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        attachments = self._cs_gdpr_attachments(partner)
        if not dry_run:
            attachments.unlink()
        return {"changed": len(attachments), "kept": []}
