import base64
import binascii
import io

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.cdr_parse import CdrError

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

    def action_import(self):
        self.ensure_one()
        try:
            data = base64.b64decode(self.cdr_file or b"", validate=True)
        except (binascii.Error, ValueError) as error:
            raise UserError(self.env._("The file could not be read.")) from error
        stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
        try:
            summary = self.env["cs.call"]._cs_import_cdr(
                stream, self.file_format, self.company_id, batch_size=BATCH_SIZE
            )
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._(
                    "The file is not UTF-8 text. Export the CDR as UTF-8 CSV and "
                    "import it again."
                )
            ) from error
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
        lines = [
            self.env._(
                "%(created)s calls imported, %(duplicates)s already recorded, "
                "%(errors)s lines skipped.",
                created=summary["created"],
                duplicates=summary["duplicates"],
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
        self.write({"result": "\n".join(lines), "cdr_file": False})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
