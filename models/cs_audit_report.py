import io

from odoo import api, fields, models
from odoo.tools.misc import format_date

# Records listed per figure in the PDF; the XLSX lists them all.
PDF_RECORD_LIMIT = 200


class CsAuditReport(models.AbstractModel):
    """Ley 10/2025 compliance report: sections gathered from provider methods.

    A provider is an ``@api.model`` method ``_cs_audit_section_<topic>(company,
    date_from, date_to)`` on any model, returning {"key", "title", "definition",
    "figures": [{"label", "value", "records"}]}.
    """

    _name = "cs.audit.report"
    _description = "Ley 10/2025 Compliance Report"

    @api.model
    def _cs_audit_section_providers(self):
        """(model, method) pairs, in report order. A module adds its own section by
        extending this list."""
        return [
            ("helpdesk.ticket", "_cs_audit_section_channels"),
            ("helpdesk.ticket", "_cs_audit_section_legal_term"),
            ("cs.call", "_cs_audit_section_phone"),
            ("helpdesk.ticket", "_cs_audit_section_person"),
            ("helpdesk.ticket", "_cs_audit_section_languages"),
            ("cs.service.hold.lift", "_cs_audit_section_suspension"),
            ("cs.vulnerability", "_cs_audit_section_vulnerable"),
            ("cs.satisfaction.stat", "_cs_audit_section_satisfaction"),
        ]

    @api.model
    def _cs_audit_sections(self, company, date_from, date_to):
        # sudo: the report aggregates every team's demands for the auditor;
        # who may produce it is checked on the wizard (supervisor, DPO).
        return [
            getattr(self.env[model_name].sudo().with_company(company), method)(
                company, date_from, date_to
            )
            for model_name, method in self._cs_audit_section_providers()
        ]

    @api.model
    def _cs_audit_reference(self, records):
        """{id: reference} for the records behind a figure: the tracking key or the
        demand number where there is one, else the record's name."""
        if hasattr(records, "_cs_audit_references"):
            return records._cs_audit_references()
        fnames = [f for f in ("cs_tracking_key", "number") if f in records._fields]
        result = {}
        for record in records:
            ref = next(
                (record[f] for f in fnames if record[f] and record[f] != "/"), ""
            )
            result[record.id] = ref or record.display_name
        return result

    @api.model
    def _cs_audit_data(self, company, date_from, date_to, limit=None):
        """Sections with, for each figure, its record references (all, or the first
        ``limit``) and their total."""
        sections = self._cs_audit_sections(company, date_from, date_to)
        for section in sections:
            for figure in section["figures"]:
                records = figure.get("records")
                records = records if records is not None else self.env["res.partner"]
                shown = records[:limit] if limit else records
                refs = self._cs_audit_reference(shown)
                figure["model"] = records._description if records else ""
                figure["record_count"] = len(records)
                figure["references"] = [(rec.id, refs[rec.id]) for rec in shown]
        return sections

    @api.model
    def _cs_audit_xlsx_job(self, company_id, date_from, date_to, filename):
        """The XLSX as an attachment only its author can read; run as a queue job,
        it is sent to the author's inbox."""
        content = self._cs_audit_xlsx(
            self.env["res.company"].browse(company_id),
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": content,
                "mimetype": "application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet",
            }
        )
        if self.env.context.get("job_uuid"):
            self.env["cs.batch.job"]._cs_notify_user(
                self.env._("Compliance report ready"),
                self.env._(
                    "The compliance report %(name)s is attached.", name=filename
                ),
                attachment=attachment,
            )
        return attachment

    @api.model
    def _cs_audit_xlsx(self, company, date_from, date_to):
        import xlsxwriter  # noqa: PLC0415 - heavy, needed only here

        sections = self._cs_audit_data(company, date_from, date_to)
        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        title = book.add_format({"bold": True, "font_size": 14})
        summary = book.add_worksheet(self.env._("Summary")[:31])
        summary.set_column(0, 0, 28)
        summary.set_column(1, 1, 45)
        summary.set_column(2, 3, 14)
        summary.set_column(4, 4, 80)
        summary.write(0, 0, self.env._("Ley 10/2025 compliance report"), title)
        summary.write(1, 0, self.env._("Company"), bold)
        summary.write(1, 1, company.name)
        summary.write(2, 0, self.env._("Period"), bold)
        summary.write(
            2,
            1,
            f"{format_date(self.env, date_from)} - {format_date(self.env, date_to)}",
        )
        summary.write(3, 0, self.env._("Generated on"), bold)
        summary.write(3, 1, fields.Datetime.to_string(fields.Datetime.now()))
        headers = [
            self.env._("Section"),
            self.env._("Figure"),
            self.env._("Value"),
            self.env._("Records"),
            self.env._("Definition"),
        ]
        for col, header in enumerate(headers):
            summary.write(5, col, header, bold)
        row = 6
        used = set()
        for section in sections:
            for figure in section["figures"]:
                summary.write(row, 0, section["title"])
                summary.write(row, 1, figure["label"])
                summary.write(row, 2, figure["value"])
                summary.write(row, 3, figure["record_count"])
                summary.write(row, 4, section["definition"], wrap)
                row += 1
            name = section["key"][:31]
            while name in used:
                name = f"{name[:28]}_{len(used)}"
            used.add(name)
            sheet = book.add_worksheet(name)
            sheet.set_column(0, 0, 45)
            sheet.set_column(1, 1, 30)
            sheet.set_column(2, 3, 14)
            sheet.write(0, 0, section["title"], title)
            sheet.write(1, 0, section["definition"], wrap)
            for col, header in enumerate(
                [
                    self.env._("Figure"),
                    self.env._("Reference"),
                    self.env._("Record type"),
                    self.env._("Record ID"),
                ]
            ):
                sheet.write(3, col, header, bold)
            line = 4
            for figure in section["figures"]:
                for rec_id, ref in figure["references"]:
                    sheet.write(line, 0, figure["label"])
                    sheet.write(line, 1, ref)
                    sheet.write(line, 2, figure["model"])
                    sheet.write(line, 3, rec_id)
                    line += 1
        book.close()
        return buffer.getvalue()
