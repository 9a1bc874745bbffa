import base64
import binascii
import io
import json

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.cdr_parse import CdrError, sniff_format, split_cdr

# Rows written per INSERT: large enough to amortise the round trip, small enough
# to keep one batch's parameters well under PostgreSQL's limits.
BATCH_SIZE = 5000


class CsCallImportWizard(models.TransientModel):
    _name = "cs.call.import.wizard"
    _description = "Import Call Detail Records"

    cdr_file = fields.Binary(string="CDR File", required=True)
    cdr_filename = fields.Char(string="File Name")
    file_format = fields.Selection(
        [
            ("auto", "Detect"),
            ("asterisk", "Asterisk (Master.csv)"),
            ("threecx", "3CX CDR"),
        ],
        string="Format",
        default="auto",
        required=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    result = fields.Text(readonly=True)

    def _cs_error_text(self, problem):
        messages = {
            "short_row": self.env._("the row has too few columns"),
            "missing_start": self.env._("the start date is missing"),
            "bad_date": self.env._("a date cannot be read"),
            "bad_duration": self.env._("a duration is not a whole number of seconds"),
        }
        return messages.get(problem.code, problem.code)

    def _cs_not_utf8(self):
        return UserError(
            self.env._(
                "The file is not UTF-8 text. Export the CDR as UTF-8 CSV and import "
                "it again."
            )
        )

    def _cs_result_text(self, created, duplicates, errors):
        """The import's outcome in words; ``errors`` are (line, CdrError) pairs."""
        lines = [
            self.env._(
                "%(created)s calls imported, %(duplicates)s already recorded, "
                "%(errors)s lines skipped.",
                created=created,
                duplicates=duplicates,
                errors=len(errors),
            )
        ]
        lines += [
            self.env._(
                "Line %(line)s skipped: %(problem)s.",
                line=line,
                problem=self._cs_error_text(problem),
            )
            for line, problem in errors[:20]
        ]
        return "\n".join(lines)

    def action_import(self):
        self.ensure_one()
        try:
            data = base64.b64decode(self.cdr_file or b"", validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(self.env._("The file could not be read.")) from error
        if self.env["cs.batch.job"]._cs_queue_job_available():
            return self._cs_import_queued(data)
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
        try:
            summary = self.env["cs.call"]._cs_import_cdr(
                stream, self.file_format, self.company_id, batch_size=BATCH_SIZE
            )
        except UnicodeDecodeError as error:
            raise self._cs_not_utf8() from error
        except CdrError as error:
            raise UserError(self._cs_error_text(error)) from error
        errors = summary["errors"]
        if not summary["created"] and not summary["duplicates"]:
            raise UserError(
                self.env._(
                    "No call could be read from the file. Check that it is an "
                    "Asterisk Master.csv or a 3CX CDR file: %(problems)s",
                    problems="; ".join(
                        self.env._(
                            "line %(line)s: %(problem)s",
                            line=line,
                            problem=self._cs_error_text(problem),
                        )
                        for line, problem in errors[:5]
                    )
                    or self.env._("the file is empty"),
                )
            )
        result = self._cs_result_text(summary["created"], summary["duplicates"], errors)
        self.write({"result": result, "cdr_file": False})
        return self._cs_reopen()

    def _cs_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def _cs_import_queued(self, data):
        """With queue_job: the file is cut into chunks of BATCH_SIZE lines, each
        imported by its own job on the addon's channel (the runners of several
        servers share them), then one more job tells the user the outcome."""
        # Imported here: the addon runs without queue_job.
        from odoo.addons.queue_job.delay import group  # noqa: PLC0415

        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise self._cs_not_utf8() from error
        file_format = self.file_format
        if file_format not in ("asterisk", "threecx"):
            file_format = sniff_format(text.partition("\n")[0])
        name = self.cdr_filename or "cdr.csv"
        chunks = list(split_cdr(io.StringIO(text, newline=""), BATCH_SIZE, file_format))
        if not chunks:
            raise UserError(
                self.env._(
                    "No call could be read from the file. Check that it is an "
                    "Asterisk Master.csv or a 3CX CDR file: %(problems)s",
                    problems=self.env._("the file is empty"),
                )
            )
        # Without res_id: only the importing user (the jobs run as them) reads them;
        # not text/*, which would index every chunk's text.
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": f"{name}.{offset}",
                    "raw": chunk.encode(),
                    "mimetype": "application/octet-stream",
                }
                for offset, chunk in chunks
            ]
        )
        Jobs = self.env["cs.batch.job"]
        channel = Jobs._cs_job_channel()
        model = self.browse().with_context(cs_no_queue_job=True)
        imports = [
            model.delayable(
                channel=channel,
                description=self.env._(
                    "CDR import %(file)s, part %(part)s of %(parts)s",
                    file=name,
                    part=index,
                    parts=len(chunks),
                ),
            )._cs_import_chunk_job(
                attachment.id, file_format, self.company_id.id, offset
            )
            for index, (attachment, (offset, __)) in enumerate(
                zip(attachments, chunks, strict=True), start=1
            )
        ]
        report = model.delayable(
            channel=channel,
            description=self.env._("CDR import %(file)s: outcome", file=name),
        )._cs_import_report_job(attachments.ids, name)
        group(*imports).on_done(report).delay()
        self.write(
            {
                "result": self.env._(
                    "The file is being imported by the job queue in %(parts)s parts: "
                    "you will find the outcome in your inbox.",
                    parts=len(chunks),
                ),
                "cdr_file": False,
            }
        )
        return self._cs_reopen()

    @api.model
    def _cs_import_chunk_job(self, attachment_id, file_format, company_id, offset):
        """Import one chunk of a CDR file; its outcome replaces the chunk in the
        attachment, for the report job."""
        attachment = self.env["ir.attachment"].browse(attachment_id)
        company = self.env["res.company"].browse(company_id)
        stream = io.StringIO(attachment.raw.decode("utf-8-sig"), newline="")
        summary = (
            self.env["cs.call"]
            .with_company(company)
            ._cs_import_cdr(stream, file_format, company, batch_size=BATCH_SIZE)
        )
        outcome = {
            "created": summary["created"],
            "duplicates": summary["duplicates"],
            "errors": [
                (line + offset, problem.code, problem.detail)
                for line, problem in summary["errors"]
            ],
        }
        attachment.write(
            {"raw": json.dumps(outcome).encode(), "mimetype": "application/json"}
        )
        return outcome["created"], outcome["duplicates"], len(outcome["errors"])

    @api.model
    def _cs_import_report_job(self, attachment_ids, filename):
        """Sum the chunks' outcomes, tell the importing user, drop the chunks."""
        attachments = self.env["ir.attachment"].browse(attachment_ids).exists()
        created = duplicates = 0
        errors = []
        for attachment in attachments:
            outcome = json.loads(attachment.raw)
            created += outcome["created"]
            duplicates += outcome["duplicates"]
            errors += [
                (line, CdrError(code, detail))
                for line, code, detail in outcome["errors"]
            ]
        errors.sort(key=lambda error: error[0])
        attachments.unlink()
        text = self._cs_result_text(created, duplicates, errors)
        self.env["cs.batch.job"]._cs_notify_user(
            self.env._("CDR import of %(file)s done", file=filename),
            text,
            level="success" if created or duplicates else "warning",
        )
        return created, duplicates, len(errors)
