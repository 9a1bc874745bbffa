import io
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestAuditReport(CustomerServiceCase):
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

    def test_registry_skips_missing_providers(self):
        report = self.env["cs.audit.report"]
        providers = report._cs_audit_section_providers()
        self.assertIn(("cs.call", "_cs_audit_section_phone"), providers)
        sections = self._sections()
        for key in ("languages", "suspension", "vulnerable", "satisfaction"):
            self.assertIn(key, sections)
            self.assertTrue(sections[key]["definition"])

    def test_sections_figures_and_records(self):
        sections = self._sections()
        languages = {f["label"]: f for f in sections["languages"]["figures"]}
        spanish = next(f for label, f in languages.items() if "Espa" in label)
        self.assertEqual(spanish["value"], 1)
        self.assertEqual(spanish["references"][0][0], self.claim.id)
        held = sections["suspension"]["figures"][0]
        self.assertEqual(held["value"], 1)
        self.assertEqual(held["references"][0][0], self.claim.id)
        vulnerable = {f["label"]: f for f in sections["vulnerable"]["figures"]}
        demands = vulnerable["Demands of vulnerable customers"]
        self.assertEqual(demands["value"], 1)
        self.assertEqual(demands["references"][0][0], self.vulnerable_ticket.id)
        # Data minimisation: no customer is named in the vulnerable section.
        recorded = vulnerable["Customers recorded as vulnerable"]
        self.assertEqual(recorded["value"], 1)
        self.assertFalse(recorded["references"])
        self.assertNotIn(
            self.customer_plain.name,
            str([f["references"] for f in vulnerable.values()]),
        )

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
        self.assertIn(self.claim.number, html)
        pdf, kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "customer_service.action_report_cs_audit", self.wizard.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_xlsx_has_a_sheet_per_section_with_records(self):
        from openpyxl import load_workbook  # noqa: PLC0415

        action = self.wizard.action_export_xlsx()
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        book = load_workbook(io.BytesIO(attachment.raw), read_only=True)
        self.assertIn("languages", book.sheetnames)
        self.assertIn("suspension", book.sheetnames)
        refs = [row[1] for row in book["suspension"].iter_rows(values_only=True)]
        self.assertIn(self.claim.number, refs)

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
