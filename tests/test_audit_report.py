import io
import os
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import CustomerServiceCase


class AuditCase(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.claim = cls._ticket(
            "email", partner=cls.customer_es, cs_request_kind="claim"
        )
        cls.query = cls._ticket("phone", partner=cls.customer_en)
        cls.env["cs.vulnerability"].create(
            {
                "partner_id": cls.customer_plain.id,
                "category": "age",
                "legal_basis": "legal_obligation",
            }
        )
        cls.vulnerable_ticket = cls._ticket("phone", partner=cls.customer_plain)
        cls.today = date.today()
        cls.wizard = cls.env["cs.audit.report.wizard"].create(
            {"date_from": cls.today.replace(day=1), "date_to": cls.today}
        )

    def _sections(self):
        return {
            s["key"]: s
            for s in self.env["cs.audit.report"]._cs_audit_data(
                self.company, self.wizard.date_from, self.wizard.date_to
            )
        }


@tagged("post_install", "-at_install")
class TestAuditReport(AuditCase):
    def test_registry_lists_every_section(self):
        sections = self._sections()
        self.assertEqual(
            len(sections),
            len(self.env["cs.audit.report"]._cs_audit_section_providers()),
        )
        for key in (
            "channels",
            "legal_term",
            "phone",
            "person",
            "languages",
            "suspension",
            "vulnerable",
            "satisfaction",
        ):
            self.assertIn(key, sections)
            self.assertTrue(sections[key]["definition"])

    def test_sections_figures_and_records(self):
        sections = self._sections()
        languages = {f["label"]: f for f in sections["languages"]["figures"]}
        spanish = next(f for label, f in languages.items() if "Espa" in label)
        english = next(f for label, f in languages.items() if "English" in label)
        spanish_ids = [rec_id for rec_id, _ref in spanish["references"]]
        self.assertIn(self.claim.id, spanish_ids)
        self.assertNotIn(self.query.id, spanish_ids)
        self.assertEqual(spanish["value"], len(spanish_ids))
        self.assertIn(self.query.id, [r for r, _ref in english["references"]])
        held, demands_held, _lifts = sections["suspension"]["figures"]
        held_ids = [rec_id for rec_id, _ref in demands_held["references"]]
        self.assertIn(self.claim.id, held_ids)
        self.assertNotIn(self.query.id, held_ids)
        self.assertEqual(demands_held["value"], len(held_ids))
        self.assertLessEqual(held["value"], demands_held["value"])
        self.assertIn(
            (self.claim.id, self.claim.cs_tracking_key), demands_held["references"]
        )
        vulnerable = {f["label"]: f for f in sections["vulnerable"]["figures"]}
        demands = vulnerable["Demands of vulnerable customers"]
        demand_ids = [rec_id for rec_id, _ref in demands["references"]]
        self.assertIn(self.vulnerable_ticket.id, demand_ids)
        self.assertNotIn(self.query.id, demand_ids)
        # Data minimisation: no customer is named in the vulnerable section.
        recorded = vulnerable["Customers recorded as vulnerable"]
        self.assertEqual(
            recorded["value"],
            self.env["cs.vulnerability"].search_count(
                [("company_id", "=", self.company.id)]
            ),
        )
        self.assertFalse(recorded["references"])
        self.assertNotIn(
            self.customer_plain.name,
            str([f["references"] for f in vulnerable.values()]),
        )

    def test_sections_speak_the_user_language(self):
        report = self.env["cs.audit.report"].with_context(lang="es_ES")
        titles = [
            section["title"]
            for section in report._cs_audit_sections(
                self.company, self.wizard.date_from, self.wizard.date_to
            )
        ]
        self.assertIn("Idiomas utilizados", titles)
        self.assertIn("Protección frente a la suspensión del servicio", titles)

    def test_xlsx_has_a_sheet_per_section_with_records(self):
        from openpyxl import load_workbook  # noqa: PLC0415

        action = self.wizard.action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        book = load_workbook(io.BytesIO(attachment.raw), read_only=True)
        self.assertIn("languages", book.sheetnames)
        self.assertIn("suspension", book.sheetnames)
        refs = [row[1] for row in book["suspension"].iter_rows(values_only=True)]
        self.assertIn(self.claim.cs_tracking_key, refs)

    def test_access_and_bad_period(self):
        with self.assertRaises(AccessError):
            self.env["cs.audit.report.wizard"].with_user(self.agent).create({})
        wizard = self.env["cs.audit.report.wizard"].create(
            {"date_from": self.today, "date_to": self.today.replace(year=2000)}
        )
        with self.assertRaises(UserError):
            wizard.action_export_xlsx()
        dpo = new_test_user(
            self.env, login="cs_dpo_a", groups="customer_service.group_cs_dpo"
        )
        self.assertTrue(
            self.env["cs.audit.report.wizard"].with_user(dpo).create({}).date_from
        )


@tagged("post_install", "-at_install")
class TestAuditReportPdf(AuditCase, HttpCase):
    """The real PDF (wkhtmltopdf fetches the assets over HTTP, hence HttpCase)."""

    def test_pdf_renders_sections_and_references(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_service.action_report_cs_audit", self.wizard.ids
            )[0]
            .decode()
        )
        self.assertIn("Languages used", html)
        self.assertIn("Service suspension holds", html)
        self.assertIn("Annex", html)
        self.assertIn(self.claim.cs_tracking_key, html)
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "customer_service.action_report_cs_audit", self.wizard.ids
            )
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        if os.environ.get("CS_AUDIT_PDF"):
            with open(os.environ["CS_AUDIT_PDF"], "wb") as handle:
                handle.write(pdf)
