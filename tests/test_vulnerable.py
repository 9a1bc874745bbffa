from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from ..tools.deadlines import add_days
from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestVulnerable(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.cs_vulnerable_deadline_days = 3
        cls.other_agent = new_test_user(
            cls.env,
            login="cs_agent_other",
            name="Olga Otra",
            groups="customer_service.group_cs_agent",
        )
        cls.dpo = new_test_user(
            cls.env,
            login="cs_dpo_v",
            name="Dora DPO",
            groups="customer_service.group_cs_dpo",
        )
        cls.record = cls.env["cs.vulnerability"].create(
            {
                "partner_id": cls.customer_es.id,
                "category": "disability",
                "note": "Hearing impairment",
                "legal_basis": "consent",
                "consent_date": date(2026, 11, 2),
                "accessible_channel": "video_sign",
            }
        )

    def test_effects_on_new_demand(self):
        ticket = self._ticket("email", partner=self.customer_es, priority="0")
        self.assertTrue(ticket.cs_attention_first)
        self.assertEqual(ticket.priority, "2")
        self.assertEqual(ticket.cs_accessible_channel, "video_sign")
        start = ticket.create_date.date()
        self.assertEqual(ticket.cs_vulnerable_deadline, add_days(start, 3))
        plain = self._ticket("email", partner=self.customer_plain, priority="0")
        self.assertFalse(plain.cs_attention_first)
        self.assertEqual(plain.priority, "0")
        self.assertFalse(plain.cs_vulnerable_deadline)

    def test_internal_deadline_shorter_than_legal(self):
        ticket = self._ticket(
            "email", partner=self.customer_es, cs_request_kind="claim"
        )
        self.assertTrue(ticket.cs_complaint_deadline)
        self.assertLess(ticket.cs_vulnerable_deadline, ticket.cs_complaint_deadline)
        self.company.cs_vulnerable_deadline_days = 0
        other = self._ticket("email", partner=self.customer_es)
        self.assertFalse(other.cs_vulnerable_deadline)

    def test_visibility_by_group(self):
        self._ticket("email", partner=self.customer_es, user=self.agent)
        # The assigned agent sees the record; another agent does not.
        self.assertEqual(
            self.customer_es.with_user(self.agent).cs_vulnerability_ids, self.record
        )
        self.assertTrue(self.customer_es.with_user(self.agent).cs_vulnerable)
        self.assertFalse(
            self.env["cs.vulnerability"]
            .with_user(self.other_agent)
            .search([("id", "=", self.record.id)])
        )
        with self.assertRaises(AccessError):
            self.record.with_user(self.other_agent).read(["category"])
        with self.assertRaises(AccessError):
            self.record.with_user(self.agent).write({"category": "age"})
        # Supervisors and the DPO see every record.
        self.assertEqual(self.record.with_user(self.supervisor).category, "disability")
        self.assertEqual(self.record.with_user(self.dpo).category, "disability")
        # Portal and plain internal users cannot even read the field.
        with self.assertRaises(AccessError):
            self.customer_es.with_user(self.portal_user).read(["cs_vulnerable"])

    def test_consent_date_required_for_consent(self):
        with self.assertRaises(ValidationError):
            self.env["cs.vulnerability"].create(
                {
                    "partner_id": self.customer_en.id,
                    "category": "age",
                    "legal_basis": "consent",
                }
            )

    def test_gdpr_export_and_erasure(self):
        rows = self.env["cs.vulnerability"]._cs_gdpr_export(self.customer_es)
        self.assertEqual(rows[0]["note"], "Hearing impairment")
        self.assertIn(
            "cs.vulnerability", self.env["res.partner"]._cs_gdpr_model_names()
        )
        result = self.env["cs.vulnerability"]._cs_gdpr_erase(self.customer_es)
        self.assertEqual(result["changed"], 1)
        self.assertFalse(self.record.exists())
