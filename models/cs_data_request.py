import csv
import io
import json
import zipfile

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from ..tools.gdpr_deadline import days_left, response_deadline

REQUEST_TYPES = [
    ("access", "Access (Art. 15)"),
    ("rectification", "Rectification (Art. 16)"),
    ("erasure", "Erasure (Art. 17)"),
    ("restriction", "Restriction (Art. 18)"),
    ("portability", "Portability (Art. 20)"),
    ("objection", "Objection (Art. 21)"),
]
IDENTITY_METHODS = [
    ("id_document", "ID document shown in person"),
    ("id_copy", "Copy of ID document received"),
    ("known_email", "E-mail from the address on file"),
    ("portal_login", "Logged in to the customer portal"),
    ("e_signature", "Electronic signature or certificate"),
    ("security_questions", "Security questions on the phone"),
]
OPEN_STATES = ("received", "verified", "in_progress")


class CsDataRequest(models.Model):
    _name = "cs.data.request"
    _description = "Data-Subject Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "deadline, id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Data Subject",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    request_type = fields.Selection(
        REQUEST_TYPES, string="Right Exercised", required=True, tracking=True
    )
    channel_id = fields.Many2one(
        "helpdesk.ticket.channel", string="Received Through", ondelete="restrict"
    )
    description = fields.Text(string="Request", help="What the data subject asks.")
    receipt_date = fields.Date(
        string="Received On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("verified", "Identity Verified"),
            ("in_progress", "In Progress"),
            ("done", "Answered"),
            ("rejected", "Rejected"),
        ],
        required=True,
        default="received",
        tracking=True,
        copy=False,
    )
    identity_method = fields.Selection(
        IDENTITY_METHODS, string="Identity Checked By", tracking=True
    )
    identity_note = fields.Char(
        string="Identity Check Note",
        help="What was checked; never the full ID number.",
    )
    identity_verified_by_id = fields.Many2one(
        "res.users", string="Verified By", readonly=True, copy=False
    )
    identity_verified_date = fields.Datetime(
        string="Verified On", readonly=True, copy=False
    )
    dpo_id = fields.Many2one(
        "res.users",
        string="Responsible DPO",
        tracking=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("customer_service.group_cs_dpo").ids)
        ],
        default=lambda self: self._default_dpo(),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    extended = fields.Boolean(readonly=True, copy=False, tracking=True)
    extension_reason = fields.Text(
        string="Extension Justification",
        help="Why two more months are needed: complexity or number of requests "
        "(GDPR Art. 12(3)). It is sent to the data subject.",
    )
    deadline = fields.Date(
        compute="_compute_deadline", store=True, tracking=True, index=True
    )
    days_left = fields.Integer(compute="_compute_days_left")
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_days_left", search="_search_is_overdue"
    )
    overdue_notified = fields.Boolean(readonly=True, copy=False)
    response = fields.Text(string="Answer Given")
    reject_reason = fields.Text(string="Rejection Reason")
    done_date = fields.Date(string="Answered On", readonly=True, copy=False)
    export_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Export",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    erasure_preview = fields.Text(string="Erasure Dry Run", readonly=True, copy=False)
    erasure_report = fields.Text(readonly=True, copy=False)
    erasure_date = fields.Datetime(string="Erased On", readonly=True, copy=False)

    @api.model
    def _default_dpo(self):
        group = self.env.ref("customer_service.group_cs_dpo", raise_if_not_found=False)
        if not group:
            return False
        if self.env.user.has_group("customer_service.group_cs_dpo"):
            return self.env.user
        # sudo: an agent taking in a request may not read the companies of a DPO who
        # also works for another company; only the user id is returned.
        dpos = group.sudo().all_user_ids.filtered(
            lambda u: self.env.company in u.company_ids
        )
        return dpos[:1].id

    @api.depends("receipt_date", "extended")
    def _compute_deadline(self):
        for request in self:
            request.deadline = response_deadline(request.receipt_date, request.extended)

    @api.depends("deadline", "state")
    def _compute_days_left(self):
        today = fields.Date.context_today(self)
        for request in self:
            left = days_left(request.deadline, today) if request.deadline else 0
            request.days_left = left
            request.is_overdue = request.state in OPEN_STATES and left < 0

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("state", "in", OPEN_STATES),
            ("deadline", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("cs.data.request")
        requests = super().create(vals_list)
        for request in requests:
            request._cs_schedule_dpo_activity(
                self.env._("Answer data-subject request %(ref)s", ref=request.name),
                request.deadline,
            )
        return requests

    def _cs_schedule_dpo_activity(self, summary, date):
        self.ensure_one()
        if self.dpo_id:
            # sudo: the agent who takes in a request cannot edit it, yet the DPO
            # must get the task.
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=date,
                summary=summary,
                user_id=self.dpo_id.id,
            )

    # ------------------------------------------------------------------
    # States
    # ------------------------------------------------------------------

    def _cs_check_state(self, allowed, action):
        """``action`` names the step: each has its own whole sentence to translate."""
        states = dict(self._fields["state"]._description_selection(self.env))
        for request in self:
            if request.state in allowed:
                continue
            args = {"ref": request.name, "state": states[request.state]}
            messages = {
                "verified": self.env._(
                    "Request %(ref)s is %(state)s: its identity cannot be verified "
                    "now.",
                    **args,
                ),
                "started": self.env._(
                    "Request %(ref)s is %(state)s: it cannot be started now.", **args
                ),
                "extended": self.env._(
                    "Request %(ref)s is %(state)s: it cannot be extended now.", **args
                ),
                "answered": self.env._(
                    "Request %(ref)s is %(state)s: it cannot be answered now.", **args
                ),
                "rejected": self.env._(
                    "Request %(ref)s is %(state)s: it cannot be rejected now.", **args
                ),
                "exported": self.env._(
                    "Request %(ref)s is %(state)s: its data cannot be exported now.",
                    **args,
                ),
                "erased": self.env._(
                    "Request %(ref)s is %(state)s: its data cannot be erased now.",
                    **args,
                ),
            }
            raise UserError(messages[action])

    def _cs_check_dpo(self):
        if not self.env.user.has_group("customer_service.group_cs_dpo"):
            raise AccessError(
                self.env._("Only the data protection officer can do this.")
            )

    def action_verify_identity(self):
        self._cs_check_state(("received",), "verified")
        for request in self:
            if not request.identity_method:
                raise UserError(
                    self.env._(
                        "Say how the identity of the requester was checked (field "
                        "“Identity Checked By”) before confirming it."
                    )
                )
        # sudo: agents cannot edit requests, but checking the identity of whoever
        # hands the request in is part of their intake.
        self.check_access("read")
        self.sudo().write(
            {
                "state": "verified",
                "identity_verified_by_id": self.env.user.id,
                "identity_verified_date": fields.Datetime.now(),
            }
        )

    def action_start(self):
        self._cs_check_state(("verified",), "started")
        self.state = "in_progress"

    def action_extend(self):
        self._cs_check_dpo()
        self._cs_check_state(("verified", "in_progress"), "extended")
        for request in self:
            if request.extended:
                raise UserError(
                    self.env._(
                        "Request %(ref)s was already extended: the law allows one "
                        "extension of two months.",
                        ref=request.name,
                    )
                )
            if not (request.extension_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Write the justification of the extension first: the data "
                        "subject must be told why (GDPR Art. 12(3))."
                    )
                )
            request.extended = True
            customer_env = request._cs_customer_env()
            request.with_env(customer_env)._cs_send_letter(
                "customer_service.cs_data_request_extension_letter",
                customer_env._(
                    "Your request %(ref)s: extended deadline", ref=request.name
                ),
            )
            dpo = request.dpo_id
            request.activity_ids.filtered(
                lambda a, dpo=dpo: a.user_id == dpo
            ).date_deadline = request.deadline

    def action_done(self):
        self._cs_check_dpo()
        self._cs_check_state(("in_progress",), "answered")
        for request in self:
            if (
                request.request_type in ("access", "portability")
                and not request.export_attachment_id
            ):
                raise UserError(
                    self.env._("Produce the export of personal data before answering.")
                )
            if request.request_type == "erasure" and not request.erasure_date:
                raise UserError(
                    self.env._("Run and confirm the erasure before answering.")
                )
            if not (request.response or "").strip():
                raise UserError(
                    self.env._(
                        "Write the answer given to the data subject (field “Answer "
                        "Given”) before closing the request."
                    )
                )
        self.write({"state": "done", "done_date": fields.Date.context_today(self)})
        self.activity_ids.action_feedback(feedback=self.env._("Answered"))

    def action_reject(self):
        self._cs_check_dpo()
        self._cs_check_state(OPEN_STATES, "rejected")
        if any(not (r.reject_reason or "").strip() for r in self):
            raise UserError(
                self.env._(
                    "Write the reason for rejecting the request: the data subject "
                    "must be told why and that they may complain to the AEPD."
                )
            )
        self.write({"state": "rejected", "done_date": fields.Date.context_today(self)})
        self.activity_ids.action_feedback(feedback=self.env._("Rejected"))

    def _cs_customer_env(self):
        """The environment of letters to the data subject: in their language."""
        self.ensure_one()
        return self.with_context(lang=self.partner_id.lang or self.env.lang).env

    def _cs_send_letter(self, template_xmlid, subject):
        self.ensure_one()
        body = self.env["ir.qweb"]._render(
            template_xmlid,
            {
                "data_request": self,
                "receipt_date": format_date(self.env, self.receipt_date),
                "deadline": format_date(self.env, self.deadline),
            },
        )
        self.message_post(
            body=body,
            subject=subject,
            partner_ids=self.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @api.model
    def _cron_cs_overdue(self, batch_size=200):
        """Warn the DPO once about each overdue request, batch by batch with the
        count still to warn."""
        domain = [("is_overdue", "=", True), ("overdue_notified", "=", False)]
        notified = self.browse()
        remaining = self.search_count(domain)
        while remaining:
            overdue = self.search(domain, limit=batch_size)
            if not overdue:
                break
            for request in overdue:
                request._cs_schedule_dpo_activity(
                    self.env._("Overdue: request %(ref)s", ref=request.name),
                    fields.Date.context_today(self),
                )
                request.message_post(
                    body=self.env._(
                        "The legal deadline of %(deadline)s has passed without an "
                        "answer.",
                        deadline=request.deadline,
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            overdue.overdue_notified = True
            notified |= overdue
            remaining = self.search_count(domain)
            if (
                self.env["ir.cron"]._commit_progress(len(overdue), remaining=remaining)
                <= 0
            ):
                break
        return notified

    # ------------------------------------------------------------------
    # Access, portability and erasure
    # ------------------------------------------------------------------

    def _cs_export_content(self):
        """(zip bytes, export data) of all personal data of the data subject."""
        self.ensure_one()
        # The person's language for everything they read: selection labels in the
        # data, the letter, its dates.
        request = self._cs_export_env()
        partner = request.partner_id
        data = partner._cs_gdpr_export_all()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "personal_data.json",
                json.dumps(
                    {
                        "request": self.name,
                        "generated_on": fields.Datetime.to_string(
                            fields.Datetime.now()
                        ),
                        "data": data,
                    },
                    indent=2,
                    ensure_ascii=False,
                    default=str,
                ),
            )
            for model, rows in data.items():
                columns = list(dict.fromkeys(key for row in rows for key in row))
                out = io.StringIO()
                writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
                writer.writeheader()
                writer.writerows(rows)
                archive.writestr(f"csv/{model}.csv", out.getvalue())
            pdf, _type = request.env["ir.actions.report"]._render_qweb_pdf(
                "customer_service.action_report_cs_data_export",
                self.ids,
                data={"letter": request._cs_export_document(data)},
            )
            archive.writestr("personal_data.pdf", pdf)
            for name, content in self.env["ir.attachment"]._cs_gdpr_files(partner):
                archive.writestr(name, content)
        return buffer.getvalue(), data

    def action_export(self):
        self._cs_check_dpo()
        self.ensure_one()
        if self.request_type not in ("access", "portability"):
            raise UserError(
                self.env._("Only access and portability requests produce an export.")
            )
        self._cs_check_state(("in_progress",), "exported")
        mode, result = self.env["cs.batch.job"]._cs_run_job(
            self,
            "_cs_export_job",
            description=self.env._(
                "Personal data export of request %(ref)s", ref=self.name
            ),
            # A second click while the first export waits queues nothing more.
            identity_key=f"cs.data.request,{self.id}:_cs_export_job",
        )
        if mode == "queued":
            # A person with years of tickets and messages takes a while to gather.
            self.message_post(
                body=self.env._(
                    "The export is being produced by the job queue: it will be "
                    "attached here when it is ready."
                ),
                subtype_xmlid="mail.mt_note",
            )
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "title": self.env._("Export queued"),
                    "message": self.env._(
                        "You will be notified when the export of %(name)s is ready.",
                        name=self.partner_id.display_name,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        count, summary = result
        # A notification with the link rather than opening the file: browsers block
        # a download that does not follow the click at once.
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "sticky": True,
                "title": self.env._("Export ready"),
                "message": self.env._(
                    "%(count)s records of %(name)s: %(summary)s.",
                    count=count,
                    name=self.partner_id.display_name,
                    summary=summary,
                )
                + " %s",
                "links": [
                    {
                        "label": self.env._("Download the zip"),
                        "url": f"/web/content/{self.export_attachment_id.id}"
                        "?download=true",
                    }
                ],
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _cs_export_job(self):
        """Produce the export: the zip attached to the request, with a note saying
        what it holds. Returns (record count, summary). As a queue job it tells the
        DPO when it is done, and skips a request no longer in progress."""
        self.ensure_one()
        in_job = bool(self.env.context.get("job_uuid"))
        if in_job and self.state != "in_progress":
            return 0, f"skipped: request {self.id} is {self.state}"
        content, data = self._cs_export_content()
        self.export_attachment_id = self.env["ir.attachment"].create(
            {
                "name": f"personal-data-{self.name}.zip",
                "raw": content,
                "mimetype": "application/zip",
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        count = sum(len(rows) for rows in data.values())
        summary = self._cs_export_summary(
            {model: len(rows) for model, rows in data.items()}
        )
        self.message_post(
            body=self.env._(
                "Export produced: %(count)s records (%(summary)s).",
                count=count,
                summary=summary,
            ),
            attachment_ids=self.export_attachment_id.ids,
            subtype_xmlid="mail.mt_note",
        )
        if in_job:
            self.env.user._bus_send(
                "simple_notification",
                {
                    "type": "success",
                    "sticky": True,
                    "title": self.env._("Export ready"),
                    "message": self.env._(
                        "The export of request %(ref)s is attached to it: %(count)s "
                        "records (%(summary)s).",
                        ref=self.name,
                        count=count,
                        summary=summary,
                    ),
                },
            )
        return count, summary

    def _cs_format_erasure(self, result, dry_run=False):
        """What the erasure changes, in words: "Messages: 12", biggest first."""
        counts = sorted(
            (
                (self._cs_export_block_title(model), count)
                for model, count in result["changes"].items()
                if count
            ),
            key=lambda item: (-item[1], item[0]),
        )
        lines = [
            self.env._("Would be anonymised or deleted:")
            if dry_run
            else self.env._("Anonymised or deleted:")
        ]
        lines.extend(
            self.env._("- %(what)s: %(count)s", what=what, count=count)
            for what, count in counts
        )
        if result["kept"]:
            lines.append(self.env._("Kept, and why:"))
            lines.extend(f"- {reason}" for reason in result["kept"])
        return "\n".join(lines)

    def action_erasure_dry_run(self):
        self._cs_check_dpo()
        self.ensure_one()
        if self.request_type != "erasure":
            raise UserError(self.env._("Only erasure requests erase data."))
        self._cs_check_state(("in_progress",), "erased")
        result = self.partner_id._cs_gdpr_erase_all(dry_run=True)
        self.erasure_preview = self._cs_format_erasure(result, dry_run=True)
        total = sum(result["changes"].values())
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "sticky": True,
                "title": self.env._("Erasure dry run: nothing was changed"),
                "message": self.env._(
                    "%(count)s records would be anonymised or deleted: %(summary)s. "
                    "Check the list in the form, then confirm the erasure.",
                    count=total,
                    summary=self._cs_export_summary(result["changes"]),
                ),
                # Reload the form: the dry run's list shows at the top.
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_erase(self):
        """Irreversible: only after a dry run, and only by the DPO."""
        self._cs_check_dpo()
        self.ensure_one()
        self._cs_check_state(("in_progress",), "erased")
        if not self.erasure_preview:
            raise UserError(
                self.env._("Run the dry run first and check what will change.")
            )
        result = self.partner_id._cs_gdpr_erase_all()
        report = self._cs_format_erasure(result)
        self.write({"erasure_report": report, "erasure_date": fields.Datetime.now()})
        self.message_post(
            body=self.env._(
                "Personal data erased: %(summary)s. A search of the whole database "
                "finds nothing of the person any more, except what is listed as "
                "kept.",
                summary=self._cs_export_summary(result["changes"]),
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _cs_gdpr_export(self, partner):
        types = dict(self._fields["request_type"]._description_selection(self.env))
        return [
            {
                "reference": r.name,
                "type": types[r.request_type],
                "received_on": fields.Date.to_string(r.receipt_date),
                "deadline": fields.Date.to_string(r.deadline),
                "state": r.state,
                "request": r.description or "",
                "answer": r.response or "",
            }
            for r in self.sudo().search([("partner_id", "=", partner.id)])
        ]

    # The erasure hook takes one contact or a retention batch of them.
    _cs_gdpr_batch = True

    @api.model
    def _cs_gdpr_erase(self, partner, dry_run=False):
        requests = self.sudo().search([("partner_id", "in", partner.ids)])
        if not dry_run and requests:
            requests.write(
                {"description": False, "identity_note": False, "response": False}
            )
        kept = []
        if requests:
            kept.append(
                self.env._(
                    "%(count)s data-subject requests (type, dates, states and "
                    "letters) as proof that the rights were answered (GDPR Art. "
                    "5(2)), until infringements prescribe (LOPDGDD Art. 72-74, up "
                    "to three years).",
                    count=len(requests),
                )
            )
        return {"changed": len(requests), "kept": kept}
