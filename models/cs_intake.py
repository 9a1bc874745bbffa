import base64
import hashlib
import logging
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlencode

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime, html2plaintext

from ..tools.check_char import add_check_char, is_valid
from ..tools.classification import suggest
from ..tools.file_check import (
    CORRUPT_PDF,
    DEFAULT_ALLOWED,
    DISALLOWED,
    EMPTY,
    ENCRYPTED_PDF,
    INDEX_LATER,
    TOO_BIG,
    check_file,
    index_plan,
    parse_patterns,
)
from ..tools.retention import retention_end

_logger = logging.getLogger(__name__)

RECEIPT_REPORT = "customer_service.action_report_cs_intake_receipt"
# Earliest plausible reception date: catches typos such as 1900 or 1020.
RECEIVED_AT_MIN = datetime(2000, 1, 1)


class CsIntake(models.Model):
    _name = "cs.intake"
    _description = "Document Intake"
    _inherit = ["portal.mixin", "mail.thread"]
    _order = "received_at desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Code",
        readonly=True,
        copy=False,
        index=True,
        help="PREFIX/YEAR/NUMBER-CHECK; the last character detects a mistyped code.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Contact", tracking=True, index=True
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", index="btree_not_null", check_company=True
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        index=True,
    )
    channel_id = fields.Many2one(
        "helpdesk.ticket.channel",
        required=True,
        tracking=True,
        index="btree_not_null",
    )
    channel_kind = fields.Selection(related="channel_id.cs_kind", string="Channel Kind")
    user_id = fields.Many2one(
        "res.users",
        string="Received By",
        default=lambda self: self.env.user,
        readonly=True,
        index="btree_not_null",
    )
    received_at = fields.Datetime(
        default=fields.Datetime.now, required=True, readonly=True
    )
    document_type_id = fields.Many2one(
        "cs.document.type",
        required=True,
        tracking=True,
        check_company=True,
        index="btree_not_null",
    )
    suggested_type_id = fields.Many2one(
        "cs.document.type",
        readonly=True,
        help="Type proposed by the classification rules.",
    )
    classification_state = fields.Selection(
        [
            ("manual", "Set by hand"),
            ("suggested", "To confirm"),
            ("confirmed", "Suggestion confirmed"),
            ("corrected", "Suggestion corrected"),
        ],
        string="Classification",
        default="manual",
        readonly=True,
        tracking=True,
    )
    classified_by_id = fields.Many2one(
        "res.users", string="Confirmed By", readonly=True
    )
    classified_at = fields.Datetime(string="Confirmed At", readonly=True)
    suggestion_score = fields.Float(
        string="Suggestion Accuracy (%)",
        readonly=True,
        aggregator="avg",
        help="100 when the agent kept the suggested type, 0 when they corrected it.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "cs_intake_ir_attachment_rel",
        "intake_id",
        "attachment_id",
        string="Files",
        copy=False,
    )
    file_count = fields.Integer(compute="_compute_file_count", string="Files Count")
    files_manifest = fields.Json(
        readonly=True,
        copy=False,
        help="Name, size, type and SHA-256 of each file, frozen when it was received.",
    )
    rejection_note = fields.Text(
        string="Rejected Files",
        readonly=True,
        copy=False,
        help="Files refused at reception and why; the other files were kept.",
    )
    description = fields.Text()
    email_subject = fields.Char(string="Subject")
    email_body = fields.Text(string="Message")
    extracted_text = fields.Text(
        readonly=True,
        copy=False,
        help="Text Odoo extracted from the files (PDF, office documents, text).",
    )
    index_pending = fields.Boolean(
        string="Text Pending",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Some files are too big to be read at reception; a scheduled job reads "
        "their text shortly after.",
    )
    search_text = fields.Text(
        compute="_compute_search_text",
        store=True,
        help="Everything the mass search looks into.",
    )
    verify_token = fields.Char(
        readonly=True,
        copy=False,
        groups="customer_service.group_cs_agent,base.group_portal",
        default=lambda self: uuid.uuid4().hex,
    )
    storage_location_id = fields.Many2one(
        "cs.storage.location",
        compute="_compute_storage_location_id",
        store=True,
        readonly=False,
        check_company=True,
    )
    storage_kind = fields.Selection(related="storage_location_id.kind")
    storage_reference = fields.Char(
        help="Box or shelf of the paper original, or its path in the external store."
    )
    retention_date = fields.Date(
        string="Keep Until",
        compute="_compute_retention",
        store=True,
        help="Empty when kept for ever.",
    )
    legal_hold = fields.Boolean(
        compute="_compute_retention",
        store=True,
        readonly=False,
        tracking=True,
        help="Held intakes are never archived or anonymised.",
    )
    anonymised = fields.Boolean(readonly=True, copy=False)
    erasure_requested = fields.Boolean(
        readonly=True,
        copy=False,
        help="The contact asked for erasure while the intake had to be kept: it is "
        "anonymised, not just archived, when its retention period ends.",
    )
    receipt_sent = fields.Boolean(readonly=True, copy=False)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index="btree_not_null",
    )

    _code_unique = models.Constraint(
        "UNIQUE(name)", "Two intakes cannot share the same code."
    )

    @api.constrains("received_at")
    def _check_received_at(self):
        latest = fields.Datetime.now() + timedelta(days=1)
        for intake in self:
            if RECEIVED_AT_MIN <= intake.received_at <= latest:
                continue
            raise ValidationError(
                self.env._(
                    "The reception date %(date)s of %(code)s is not possible: a "
                    "document is received between 1 January 2000 and today. Enter "
                    "the date it was actually handed in.",
                    date=format_datetime(self.env, intake.received_at),
                    code=intake.name or self.env._("this intake"),
                )
            )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("ticket_id")
    def _compute_team_id(self):
        for intake in self:
            if intake.ticket_id.team_id:
                intake.team_id = intake.ticket_id.team_id
            elif not intake.team_id:
                intake.team_id = self.env.user.helpdesk_team_ids[:1]

    @api.depends("attachment_ids")
    def _compute_file_count(self):
        for intake in self:
            intake.file_count = len(intake.attachment_ids)

    @api.depends(
        "name",
        "description",
        "email_subject",
        "email_body",
        "extracted_text",
        "files_manifest",
    )
    def _compute_search_text(self):
        for intake in self:
            names = " ".join(f["name"] for f in intake.files_manifest or [])
            intake.search_text = "\n".join(
                part
                for part in (
                    intake.name,
                    intake.email_subject,
                    intake.description,
                    intake.email_body,
                    names,
                    intake.extracted_text,
                )
                if part
            )

    @api.depends("document_type_id")
    def _compute_storage_location_id(self):
        for intake in self:
            intake.storage_location_id = intake.document_type_id.storage_location_id

    @api.depends(
        "received_at",
        "document_type_id.retention_months",
        "document_type_id.legal_hold",
    )
    def _compute_retention(self):
        for intake in self:
            doc_type = intake.document_type_id
            intake.retention_date = retention_end(
                intake.received_at, doc_type.retention_months
            )
            intake.legal_hold = doc_type.legal_hold or intake.legal_hold

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for intake in self:
            intake.access_url = f"/my/intakes/{intake.id}"
        return res

    # ------------------------------------------------------------------
    # Creation and codes
    # ------------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        ticket = self.env["helpdesk.ticket"].browse(values.get("ticket_id"))
        if ticket:
            values.setdefault("partner_id", ticket.partner_id.id)
            values.setdefault("channel_id", ticket.channel_id.id)
        return values

    @api.model_create_multi
    def create(self, vals_list):
        types = self.env["cs.document.type"]
        for vals in vals_list:
            doc_type = types.browse(vals.get("document_type_id"))
            if doc_type and not vals.get("name"):
                vals["name"] = add_check_char(doc_type._cs_next_code())
        for vals in vals_list:
            self._cs_check_legal_hold(vals)
        intakes = super().create(vals_list)
        intakes._cs_process_attachments(intakes.attachment_ids)
        return intakes

    def _cs_check_legal_hold(self, vals):
        """Only supervisors set or lift a legal hold: the view hides the field, the
        server refuses it over RPC too (the retention job archives unheld intakes)."""
        if (
            "legal_hold" not in vals
            or self.env.su
            or self.env.user._is_superuser()
            or self.env.user.has_group("customer_service.group_cs_supervisor")
        ):
            return
        changed = self.filtered(lambda i: i.legal_hold != bool(vals["legal_hold"]))
        if changed or (not self and vals["legal_hold"]):
            raise AccessError(
                self.env._(
                    "Only a supervisor can set or lift the legal hold of an intake "
                    "(%(intakes)s).",
                    intakes=", ".join(changed.mapped("display_name")) or "-",
                )
            )

    def write(self, vals):
        self._cs_check_legal_hold(vals)
        # Files linked by _cs_add_files were checked before they were created.
        check_files = "attachment_ids" in vals and not self.env.context.get(
            "cs_intake_files_checked"
        )
        before = {intake: intake.attachment_ids for intake in self if check_files}
        res = super().write(vals)
        if check_files:
            for intake in self:
                added = intake.attachment_ids - before[intake]
                if added:
                    intake._cs_process_attachments(added)
        return res

    @api.model
    def _cs_find_by_code(self, code):
        """Intake of a typed code, or an empty recordset when the check fails."""
        code = (code or "").strip().upper()
        if not is_valid(code):
            return self.browse()
        return self.search([("name", "=", code)], limit=1)

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------

    def _cs_file_limits(self):
        company = self.company_id or self.env.company
        max_mb = company.cs_intake_max_file_mb
        patterns = parse_patterns(company.cs_intake_allowed_types) or DEFAULT_ALLOWED
        return max_mb * 1024 * 1024, patterns

    def _cs_rejection_reason(self, problem, size, mimetype, max_bytes):
        reasons = {
            TOO_BIG: self.env._(
                "too big (%(size)s MB, the limit is %(limit)s MB)",
                size=round(size / 1048576, 1),
                limit=round(max_bytes / 1048576, 1),
            ),
            EMPTY: self.env._("the file is empty"),
            DISALLOWED: self.env._(
                "files of type %(mimetype)s are not accepted", mimetype=mimetype
            ),
            ENCRYPTED_PDF: self.env._(
                "the PDF is protected by a password; please send it without one"
            ),
            CORRUPT_PDF: self.env._("the PDF is damaged and cannot be read"),
        }
        return reasons[problem]

    def _cs_check_file(self, name, data):
        """Return ``(mimetype, reason)``; reason is None for an accepted file."""
        max_bytes, patterns = self._cs_file_limits()
        mimetype, problem = check_file(data, max_bytes, patterns)
        if not problem:
            return mimetype, None
        return mimetype, self.env._(
            "%(file)s: %(reason)s",
            file=name,
            reason=self._cs_rejection_reason(
                problem, len(data or b""), mimetype, max_bytes
            ),
        )

    def _cs_add_files(self, files):
        """Attach ``files`` (a list of ``(name, bytes)``) after checking each one.

        Every file is judged alone: a refused file is reported and the others are
        still stored. Returns the list of rejection messages.
        """
        self.ensure_one()
        # Big files are read by a scheduled job, not while the customer waits.
        Attachment = self.env["ir.attachment"].with_context(cs_index_later=True)
        rejections = []
        for name, data in files:
            mimetype, reason = self._cs_check_file(name, data)
            if reason:
                rejections.append(reason)
                continue
            Attachment |= Attachment.create(
                {
                    "name": name,
                    "raw": data,
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        if Attachment:
            self.with_context(cs_intake_files_checked=True).write(
                {"attachment_ids": [fields.Command.link(a.id) for a in Attachment]}
            )
        self._cs_after_files(Attachment, rejections)
        return rejections

    def _cs_process_attachments(self, attachments):
        """Check attachments uploaded through the form; drop and report the bad ones."""
        for intake in self:
            mine = attachments & intake.attachment_ids
            rejected = self.env["ir.attachment"]
            rejections = []
            for attachment in mine:
                # sudo: the uploader may not read the raw content of a file that is
                # not linked yet; we only inspect what was just uploaded here.
                data = attachment.sudo().raw
                mimetype, reason = intake._cs_check_file(attachment.name, data)
                if reason:
                    rejected |= attachment
                    rejections.append(reason)
                else:
                    attachment.sudo().write(
                        {
                            "mimetype": mimetype,
                            "res_model": self._name,
                            "res_id": intake.id,
                        }
                    )
            if rejected:
                intake.write(
                    {"attachment_ids": [fields.Command.unlink(a.id) for a in rejected]}
                )
                # sudo: refused uploads are removed so they are not kept by mistake.
                rejected.sudo().unlink()
            intake._cs_after_files(mine - rejected, rejections)

    def _cs_after_files(self, attachments, rejections):
        self.ensure_one()
        manifest = list(self.files_manifest or [])
        texts = [self.extracted_text] if self.extracted_text else []
        # sudo: index_content and raw are restricted fields of ir.attachment.
        pending = False
        for attachment in attachments.sudo():
            data = attachment.raw or b""
            if index_plan(data, attachment.mimetype) == INDEX_LATER and not (
                attachment.index_content
            ):
                pending = True
            manifest.append(
                {
                    "id": attachment.id,
                    "name": attachment.name,
                    "size": len(data),
                    "mimetype": attachment.mimetype,
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
            content = attachment.index_content
            if content and content not in ("application", "image", "video", "audio"):
                texts.append(content)
        values = {"files_manifest": manifest, "extracted_text": "\n".join(texts)}
        if pending:
            values["index_pending"] = True
        if rejections:
            note = "\n".join(rejections)
            values["rejection_note"] = (
                f"{self.rejection_note}\n{note}" if self.rejection_note else note
            )
        self.write(values)
        if rejections:
            self.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._("These files were refused; the others were kept:"),
                    Markup().join(Markup("<li>%s</li>") % r for r in rejections),
                ),
                subtype_xmlid="mail.mt_note",
            )
        if attachments and self.classification_state in ("manual", "suggested"):
            self._cs_apply_suggestion()
        if pending:
            self.env.ref("customer_service.ir_cron_cs_intake_index")._trigger()

    @api.model
    def _cron_cs_index_pending(self, batch_size=20):
        """Read the text of files too big to be read at reception."""
        done = 0
        while True:
            intakes = self.with_context(active_test=False).search(
                [("index_pending", "=", True)], limit=batch_size
            )
            if not intakes:
                break
            intakes._cs_index_files()
            done += len(intakes)
            remaining = self.with_context(active_test=False).search_count(
                [("index_pending", "=", True)]
            )
            if (
                self.env["ir.cron"]._commit_progress(len(intakes), remaining=remaining)
                <= 0
            ):
                break
            if not remaining:
                break
        return done

    def _cs_index_files(self):
        # sudo: index_content and raw are restricted fields of ir.attachment.
        Attachment = self.env["ir.attachment"].sudo()
        for intake in self:
            texts = [intake.extracted_text] if intake.extracted_text else []
            for attachment in intake.attachment_ids.sudo():
                if attachment.index_content:
                    continue
                data = attachment.raw or b""
                if index_plan(data, attachment.mimetype) != INDEX_LATER:
                    continue
                content = Attachment._index(data, attachment.mimetype)
                if content:
                    attachment.write({"index_content": content})
                    texts.append(content)
            intake.write({"extracted_text": "\n".join(texts), "index_pending": False})
            if intake.classification_state in ("manual", "suggested"):
                intake._cs_apply_suggestion()

    # ------------------------------------------------------------------
    # Classification
    # ------------------------------------------------------------------

    def _cs_classification_facts(self):
        self.ensure_one()
        return {
            "mimetypes": [f["mimetype"] for f in self.files_manifest or []],
            "filenames": [f["name"] for f in self.files_manifest or []],
            "subject": self.email_subject or "",
            "body": f"{self.email_body or ''}\n{self.description or ''}",
            "content": self.extracted_text or "",
        }

    def _cs_suggest_type(self):
        self.ensure_one()
        rules = self.env["cs.classification.rule"].search(
            [("company_id", "in", [self.company_id.id, False])]
        )
        key = suggest(rules._cs_as_dicts(), self._cs_classification_facts())
        return self.env["cs.document.type"].browse(key)

    def _cs_apply_suggestion(self):
        """Record the rules' suggestion; it becomes the type only if none was chosen."""
        for intake in self:
            suggestion = intake._cs_suggest_type()
            if not suggestion:
                continue
            values = {
                "suggested_type_id": suggestion.id,
                "classification_state": "suggested",
            }
            if self.env.context.get("cs_type_from_rules"):
                values["document_type_id"] = suggestion.id
            intake.write(values)

    def action_cs_confirm_type(self):
        """The agent keeps the current type: suggestion confirmed or corrected."""
        for intake in self:
            if not intake.suggested_type_id:
                raise UserError(
                    self.env._(
                        "Intake %(code)s has no suggested type to confirm; choose "
                        "the type yourself.",
                        code=intake.name,
                    )
                )
            right = intake.document_type_id == intake.suggested_type_id
            intake.write(
                {
                    "classification_state": "confirmed" if right else "corrected",
                    "suggestion_score": 100.0 if right else 0.0,
                    "classified_by_id": self.env.user.id,
                    "classified_at": fields.Datetime.now(),
                }
            )
        return True

    # ------------------------------------------------------------------
    # Receipt and verification
    # ------------------------------------------------------------------

    def _cs_verify_url(self):
        self.ensure_one()
        query = urlencode({"code": self.name, "token": self.sudo().verify_token})
        return f"{self.get_base_url()}/intake/verify?{query}"

    def _cs_qr_data_uri(self):
        self.ensure_one()
        png = self.env["ir.actions.report"].barcode(
            "QR", self._cs_verify_url(), width=180, height=180
        )
        return "data:image/png;base64," + base64.b64encode(png).decode()

    def _cs_receipt_pdf(self):
        self.ensure_one()
        pdf, _kind = self.env["ir.actions.report"]._render_qweb_pdf(
            RECEIPT_REPORT, self.ids
        )
        return pdf

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Receipt %(code)s", code=self.name)

    def action_cs_print_receipt(self):
        return self.env.ref(RECEIPT_REPORT).report_action(self)

    def action_cs_send_receipt(self):
        """Send the receipt on the intake's channel: SMS with the link, else e-mail."""
        for intake in self:
            partner = intake.partner_id
            if not partner:
                raise UserError(
                    self.env._(
                        "Intake %(code)s has no contact to send the receipt to.",
                        code=intake.name,
                    )
                )
            # The receipt is written in the contact's language, not the agent's.
            customer_env = intake.with_context(lang=partner.lang or self.env.lang).env
            if intake.channel_kind == "sms":
                if not partner.phone:
                    raise UserError(
                        self.env._(
                            "%(name)s has no phone number for the SMS receipt; add "
                            "one or print the receipt.",
                            name=partner.name,
                        )
                    )
                intake._message_sms(
                    customer_env._(
                        "Entry receipt %(code)s. Verify it at %(url)s",
                        code=intake.name,
                        url=intake._cs_verify_url(),
                    ),
                    partner_ids=partner.ids,
                )
            else:
                if not partner.email:
                    raise UserError(
                        self.env._(
                            "%(name)s has no e-mail address for the receipt; add one "
                            "or print the receipt.",
                            name=partner.name,
                        )
                    )
                attachment = self.env["ir.attachment"].create(
                    {
                        "name": f"{intake.name.replace('/', '-')}.pdf",
                        "raw": intake._cs_receipt_pdf(),
                        "mimetype": "application/pdf",
                        "res_model": intake._name,
                        "res_id": intake.id,
                    }
                )
                intake.message_post(
                    body=Markup("<p>%s</p><p>%s <a href='%s'>%s</a></p>")
                    % (
                        customer_env._(
                            "We have registered your documents under code %(code)s.",
                            code=intake.name,
                        ),
                        customer_env._("You can verify the receipt at"),
                        intake._cs_verify_url(),
                        intake._cs_verify_url(),
                    ),
                    subject=customer_env._("Entry receipt %(code)s", code=intake.name),
                    partner_ids=partner.ids,
                    attachment_ids=attachment.ids,
                    subtype_xmlid="mail.mt_comment",
                    message_type="comment",
                )
            intake.receipt_sent = True
        return True

    # ------------------------------------------------------------------
    # Incoming e-mail
    # ------------------------------------------------------------------

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """One e-mail becomes one intake: its files, subject and body.

        The attachments are checked one by one and taken out of ``msg_dict`` so the
        gateway does not store the refused ones on the message.
        """
        values = dict(custom_values or {})
        partner = self.env["res.partner"].browse(msg_dict.get("author_id"))
        if not partner and msg_dict.get("email_from"):
            partner = self._partner_find_from_emails_single(
                [msg_dict["email_from"]], no_create=False
            )
        channel = self.env["helpdesk.ticket.channel"].search(
            [("cs_kind", "=", "email")], limit=1
        )
        fallback = self.env.ref(
            "customer_service.cs_document_type_other", raise_if_not_found=False
        )
        values.setdefault("document_type_id", fallback.id if fallback else False)
        if not values["document_type_id"]:
            raise UserError(
                self.env._("Create a document type before receiving e-mail.")
            )
        values.update(
            {
                "partner_id": partner.id,
                "channel_id": values.get("channel_id") or channel.id,
                "email_subject": msg_dict.get("subject") or "",
                "email_body": html2plaintext(msg_dict.get("body") or ""),
                "user_id": self.env.ref("base.user_root").id,
            }
        )
        files = [(a.fname, a.content) for a in msg_dict.get("attachments") or []]
        msg_dict["attachments"] = []
        # Classify before the code is drawn: the code prefix follows the type.
        probe = self.new(values)
        probe_rejections = []
        manifest = []
        texts = []
        for name, data in files:
            if isinstance(data, str):
                data = data.encode()
            mimetype, reason = probe._cs_check_file(name, data)
            if reason:
                probe_rejections.append(reason)
                continue
            manifest.append({"name": name, "mimetype": mimetype})
            texts.append(
                self.env["ir.attachment"]
                .with_context(cs_index_later=True)
                ._index(data, mimetype)
                or ""
            )
        probe.files_manifest = manifest
        probe.extracted_text = "\n".join(texts)
        suggestion = probe._cs_suggest_type()
        if suggestion:
            values.update(
                document_type_id=suggestion.id,
                suggested_type_id=suggestion.id,
                classification_state="suggested",
            )
        doc_type = self.env["cs.document.type"].browse(values["document_type_id"])
        values["name"] = add_check_char(doc_type._cs_next_code())
        intake = super(
            CsIntake, self.with_context(cs_type_from_rules=True)
        ).message_new(msg_dict, values)
        intake._cs_add_files(
            [(n, d.encode() if isinstance(d, str) else d) for n, d in files]
        )
        intake._message_subscribe(partner_ids=partner.ids)
        return intake

    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if (
            self.env.context.get("cs_send_receipt_on_intake", True)
            and message.message_type == "email"
            and len(self) == 1
            and not self.receipt_sent
            and self.partner_id.email
        ):
            message.attachment_ids = self.attachment_ids.filtered(
                lambda a: not a.res_field
            )
            self.with_user(self.env.ref("base.user_root")).action_cs_send_receipt()
        return res

    # ------------------------------------------------------------------
    # Retention
    # ------------------------------------------------------------------

    def _cs_retention_domain(self):
        return [
            ("active", "=", True),
            ("legal_hold", "=", False),
            ("retention_date", "!=", False),
            ("retention_date", "<", fields.Date.context_today(self)),
        ]

    @api.model
    def _cron_cs_archive_past_retention(self, batch_size=500):
        """Archive intakes past retention, in committed batches; never held ones."""
        done = 0
        while True:
            intakes = self.search(self._cs_retention_domain(), limit=batch_size)
            if not intakes:
                break
            to_anonymise = intakes.filtered("erasure_requested")
            to_anonymise._cs_anonymise()
            (intakes - to_anonymise).write({"active": False})
            done += len(intakes)
            remaining = self.search_count(self._cs_retention_domain())
            if (
                self.env["ir.cron"]._commit_progress(len(intakes), remaining=remaining)
                <= 0
            ):
                break
        _logger.info("Archived %s intakes past their retention period", done)
        return done

    # ------------------------------------------------------------------
    # GDPR export and erasure, called by res.partner's _cs_gdpr_export_all and
    # _cs_gdpr_erase_all (models/res_partner_gdpr.py)
    # ------------------------------------------------------------------

    @api.model
    def _cs_gdpr_export(self, partner):
        intakes = self.with_context(active_test=False).search(
            [("partner_id", "=", partner.id)]
        )
        return [
            {
                "model": self._name,
                "code": intake.name,
                "received_at": fields.Datetime.to_string(intake.received_at),
                "channel": intake.channel_id.name,
                "document_type": intake.document_type_id.name,
                "description": intake.description or "",
                "subject": intake.email_subject or "",
                "message": intake.email_body or "",
                "files": [
                    {k: f[k] for k in ("name", "size", "mimetype", "sha256")}
                    for f in intake.files_manifest or []
                ],
                "ticket": intake.ticket_id.name or "",
            }
            for intake in intakes
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        intakes = self.with_context(active_test=False).search(
            [("partner_id", "in", partner.ids)]
        )
        today = fields.Date.context_today(self)
        kept = []
        erasable = self.browse()
        for intake in intakes:
            if intake.legal_hold:
                kept.append(self.env._("%(code)s: under legal hold", code=intake.name))
            elif intake.retention_date and intake.retention_date >= today:
                kept.append(
                    self.env._(
                        "%(code)s: to be kept until %(date)s",
                        code=intake.name,
                        date=intake.retention_date,
                    )
                )
            else:
                erasable |= intake
        if not dry_run:
            erasable._cs_anonymise()
            # Kept for the law now; the retention cron anonymises them later.
            (intakes - erasable).write({"erasure_requested": True})
        return {"changed": len(erasable), "kept": kept}

    def _cs_anonymise(self):
        """Remove the personal content; keep code, dates, type and file hashes."""
        attachments = self.attachment_ids
        self.write(
            {
                "partner_id": False,
                "description": False,
                "email_subject": False,
                "email_body": False,
                "extracted_text": False,
                "storage_reference": False,
                "rejection_note": False,
                "attachment_ids": [fields.Command.clear()],
                "anonymised": True,
                "active": False,
            }
        )
        for intake in self:
            # File names often carry the person's name; size, type and hash stay.
            intake.write(
                {
                    "files_manifest": [
                        dict(f, name="") for f in intake.files_manifest or []
                    ]
                }
            )
        # sudo: erasure removes the customer's files whoever uploaded them.
        attachments.sudo().unlink()
        self.message_ids.sudo().unlink()

    # ------------------------------------------------------------------
    # Full-text search support
    # ------------------------------------------------------------------

    def init(self):
        res = super().init()
        self.env["cs.search.wizard"]._cs_ensure_fts_objects(["intake"])
        return res

    # ------------------------------------------------------------------
    # Portal upload
    # ------------------------------------------------------------------

    @api.model
    def _cs_create_from_portal(self, partner, files, description, doc_type):
        """Register what a logged-in customer uploads; returns (intake, rejections)."""
        if not self.env.user._is_portal() and not self.env.user._is_internal():
            raise UserError(self.env._("Log in to hand in documents."))
        if not files:
            raise UserError(self.env._("Choose at least one file to send."))
        reasons = [self._cs_check_file(name, data)[1] for name, data in files]
        if all(reasons):
            raise UserError(
                self.env._(
                    "No file could be accepted:\n%(reasons)s",
                    reasons="\n".join(reasons),
                )
            )
        channel = (
            self.env["helpdesk.ticket.channel"]
            .sudo()
            .search([("cs_kind", "=", "web")], limit=1)
        )
        from_rules = not doc_type
        doc_type = doc_type or self.env.ref("customer_service.cs_document_type_other")
        # sudo: portal users have read-only access to intakes; registering one for
        # themselves is the only write they may do, through this method.
        intake = (
            self.sudo()
            .with_context(cs_type_from_rules=from_rules)
            .create(
                {
                    "partner_id": partner.id,
                    "channel_id": channel.id,
                    "document_type_id": doc_type.id,
                    "description": description,
                    "user_id": self.env.ref("base.user_root").id,
                    "team_id": False,
                    "company_id": self.env.user.company_id.id,
                }
            )
        )
        rejections = intake._cs_add_files(files)
        intake.message_subscribe(partner_ids=partner.ids)
        return intake.sudo(False), rejections
