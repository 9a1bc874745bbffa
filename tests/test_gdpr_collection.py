from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .gdpr_common import GdprCase


@tagged("post_install", "-at_install")
class TestGdprCollection(GdprCase):
    def _wizard(self, partner, channel_kind, **values):
        return (
            self.env["cs.collection.wizard"]
            .with_user(self.agent)
            .with_context(
                default_partner_id=partner.id,
                default_channel_id=self.channels[channel_kind].id,
            )
            .create(values)
        )

    def test_checklist_on_ticket(self):
        ticket = self._ticket("phone", partner=self.customer_plain)
        checklist = ticket.cs_collection_checklist
        self.assertIn("Phone", checklist)
        self.assertIn('aria-label="Missing"', checklist)
        self.assertIn("Do not ask for: ID Document", checklist)
        self.assertIn("Privacy notice to give", checklist)

    def test_greeting_blocked_until_required_data_collected(self):
        ticket = self._ticket("phone", partner=self.customer_plain)
        with self.assertRaisesRegex(
            UserError, "collect what the Phone procedure requires: Phone"
        ):
            ticket.with_user(self.agent).action_cs_greet()
        self.assertFalse(ticket.cs_first_contact_date)
        wizard = self._wizard(self.customer_plain, "phone", phone="612 345 678")
        wizard.action_confirm()
        self.assertEqual(self.customer_plain.phone, "+34612345678")
        ticket.with_user(self.agent).action_cs_greet()
        self.assertTrue(ticket.cs_first_contact_date)

    def test_invalid_inputs_are_refused_with_clear_messages(self):
        partner = self.customer_plain
        cases = [
            ("in_person", {"email": "sam(at)example"}, "E-mail: .*name@domain.tld"),
            ("in_person", {"phone": "12"}, "Phone: .*not a valid number for Spain"),
            ("in_person", {"vat": "12345678A"}, "ID document: .*NIF, NIE or CIF"),
            ("phone", {"phone": False}, "requires: Phone"),
        ]
        for kind, values, message in cases:
            with self.subTest(values=values):
                wizard = self._wizard(partner, kind, **values)
                with self.assertRaisesRegex(ValidationError, message):
                    wizard.action_confirm()
        self.assertEqual(partner.email, "sam@example.com")
        self.assertFalse(partner.phone or partner.vat)

    def test_values_are_normalised(self):
        wizard = self._wizard(
            self.customer_plain,
            "in_person",
            email=" Sam.Lee@Example.COM ",
            phone="+34 612-345-678",
            vat="x1234567l",
        )
        wizard.action_confirm()
        partner = self.customer_plain
        self.assertEqual(
            (partner.email, partner.phone, partner.vat),
            ("sam.lee@example.com", "+34612345678", "X1234567L"),
        )

    def test_field_not_to_be_asked_is_not_written(self):
        wizard = self._wizard(self.customer_en, "phone", vat="12345678Z")
        self.assertIn("vat", wizard.hidden_fields)
        wizard.action_confirm()
        self.assertFalse(self.customer_en.vat)

    def test_error_message_in_spanish(self):
        wizard = self._wizard(self.customer_plain, "in_person", vat="1").with_context(
            lang="es_ES"
        )
        with self.assertRaisesRegex(ValidationError, "no es un NIF, NIE o CIF"):
            wizard.action_confirm()


@tagged("post_install", "-at_install")
class TestGdprRetention(GdprCase):
    def _age(self, partner, days):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET write_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=days), partner.id],
        )

    def test_preview_and_run_skip_recent_open_and_consented(self):
        Partner = self.env["res.partner"]
        old = Partner.create({"name": "Old Customer", "email": "old@example.com"})
        recent = Partner.create({"name": "Recent Customer"})
        with_ticket = Partner.create({"name": "Open Ticket Customer"})
        self._ticket("email", partner=with_ticket)
        consented = Partner.create({"name": "Loyal Customer"})
        self._give(consented, self.env.ref("customer_service.purpose_loyalty"))
        self.env.ref("customer_service.purpose_loyalty").sudo().retention_months = 120
        for partner in (old, with_ticket, consented):
            self._age(partner, 6 * 365)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE cs_consent SET date = %s WHERE partner_id = %s",
            [fields.Datetime.now() - timedelta(days=6 * 365), consented.id],
        )
        self.env.invalidate_all()
        candidates = Partner._cs_retention_candidate_ids()
        self.assertIn(old.id, candidates)
        for kept in (recent, with_ticket, consented, self.agent.partner_id):
            self.assertNotIn(kept.id, candidates)
        action = Partner.with_user(self.dpo).action_cs_retention_preview()
        self.assertIn(old.id, action["domain"][0][2])
        self.assertEqual(old.name, "Old Customer", "the preview changes nothing")
        calls = []
        done = Partner._cs_retention_run(
            batch_size=1, progress=lambda n, remaining: calls.append(remaining) or 1.0
        )
        self.assertGreaterEqual(done, 1)
        self.assertEqual(calls[-1], 0)
        self.assertTrue(old.with_context(active_test=False).cs_erased_date)
        self.assertFalse(old.with_context(active_test=False).email)
        self.assertEqual(recent.name, "Recent Customer")
        self.assertEqual(with_ticket.name, "Open Ticket Customer")
        self.assertEqual(consented.name, "Loyal Customer")
        self.assertFalse(Partner._cs_retention_candidate_ids())
