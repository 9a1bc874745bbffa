from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.cs_audit_report import PDF_RECORD_LIMIT


def _first_of_last_month(today):
    return today.replace(day=1) - relativedelta(months=1)


class CsAuditReportWizard(models.TransientModel):
    _name = "cs.audit.report.wizard"
    _description = "Ley 10/2025 Compliance Report"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: _first_of_last_month(fields.Date.context_today(self)),
    )
    # Last month and this month so far: the last closed month and what runs now.
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: fields.Date.context_today(self),
    )

    @api.onchange("date_from")
    def _onchange_date_from(self):
        # A month is the usual period: picking its first day fills the last.
        if self.date_from:
            self.date_to = self.date_from + relativedelta(day=31)

    def _cs_check(self):
        self.ensure_one()
        if self.date_from > self.date_to:
            raise UserError(
                self.env._("The period must start on or before the day it ends.")
            )

    def _cs_report_sections(self):
        """Sections for the PDF, with at most PDF_RECORD_LIMIT references each."""
        self._cs_check()
        return self.env["cs.audit.report"]._cs_audit_data(
            self.company_id, self.date_from, self.date_to, limit=PDF_RECORD_LIMIT
        )

    def action_print_pdf(self):
        self._cs_check()
        return self.env.ref("customer_service.action_report_cs_audit").report_action(
            self
        )

    def _cs_filename(self, extension):
        return (
            f"ley-10-2025-{self.company_id.id}-{self.date_from}-{self.date_to}"
            f".{extension}"
        )

    def action_export_xlsx(self):
        self._cs_check()
        mode, attachment = self.env["cs.batch.job"]._cs_run_job(
            self.env["cs.audit.report"],
            "_cs_audit_xlsx_job",
            self.company_id.id,
            fields.Date.to_string(self.date_from),
            fields.Date.to_string(self.date_to),
            self._cs_filename("xlsx"),
            description=self.env._(
                "Compliance report %(name)s", name=self._cs_filename("xlsx")
            ),
        )
        if mode == "queued":
            # Every record reference of a year of demands: a job runner builds it.
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "title": self.env._("Report queued"),
                    "message": self.env._(
                        "The spreadsheet is being built by the job queue: you will "
                        "find it in your inbox when it is ready."
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
