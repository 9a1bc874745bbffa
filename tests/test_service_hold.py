from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CustomerServiceCase


@tagged("post_install", "-at_install")
class TestServiceHold(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.firm = cls.env["res.partner"].create(
            {"name": "Talleres Ebro SL", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Marta Ebro", "parent_id": cls.firm.id, "email": "m@ebro.es"}
        )

    def _complaint(self, partner=None, kind="complaint"):
        return self._ticket(
            "email", partner=partner or self.contact, cs_request_kind=kind
        )

    def _close(self, ticket):
        ticket.with_context(cs_farewell_checked=True).stage_id = self.stage_done

    def test_hold_follows_complaint_state(self):
        self.assertFalse(self.firm.cs_service_hold)
        self.assertEqual(self.firm._cs_service_suspension_allowed(), (True, ""))
        query = self._ticket("email", partner=self.contact, cs_request_kind="query")
        self.env.invalidate_all()
        self.assertFalse(self.contact.cs_service_hold, "a query sets no hold")
        claim = self._complaint(kind="claim")
        self.env.invalidate_all()
        # The commercial entity and all its contacts carry the hold.
        self.assertTrue(self.firm.cs_service_hold)
        self.assertTrue(self.contact.cs_service_hold)
        self.assertEqual(self.contact.cs_service_hold_ticket_ids, claim)
        allowed, reason = self.firm._cs_service_suspension_allowed()
        self.assertFalse(allowed)
        self.assertIn(claim.display_name, reason)
        self.assertIn(
            self.firm, self.env["res.partner"].search([("cs_service_hold", "=", True)])
        )
        self._close(claim)
        self._close(query)
        self.env.invalidate_all()
        self.assertFalse(self.firm.cs_service_hold)
        self.assertEqual(self.contact._cs_service_suspension_allowed(), (True, ""))
        self.assertNotIn(
            self.firm, self.env["res.partner"].search([("cs_service_hold", "=", True)])
        )

    def test_archive_refused_while_held(self):
        claim = self._complaint()
        with self.assertRaises(UserError) as caught:
            self.firm.action_archive()
        self.assertIn(claim.display_name, str(caught.exception))
        self.assertTrue(self.firm.active)
        self._close(claim)
        self.env.invalidate_all()
        self.firm.action_archive()
        self.assertFalse(self.firm.active)

    def test_lift_with_reason_logged_and_back_on_new_complaint(self):
        claim = self._complaint()
        wizard_model = self.env["cs.service.hold.lift.wizard"]
        with self.assertRaises(AccessError):
            wizard_model.with_user(self.agent).create(
                {"partner_id": self.firm.id, "reason": "x"}
            )
        action = self.contact.action_cs_lift_service_hold()
        wizard = (
            wizard_model.with_user(self.supervisor)
            .with_context(**action["context"])
            .create({"reason": "The complaint is about another contract."})
        )
        self.assertEqual(wizard.ticket_ids, claim)
        wizard.action_lift()
        lift = self.env["cs.service.hold.lift"].search(
            [("partner_id", "=", self.firm.id)]
        )
        self.assertEqual(lift.ticket_ids, claim)
        self.assertEqual(lift.user_id, self.supervisor)
        self.assertIn("another contract", self.firm.message_ids[0].body)
        self.env.invalidate_all()
        self.assertFalse(self.firm.cs_service_hold)
        self.firm.action_archive()
        self.firm.action_unarchive()
        second = self._complaint()
        self.env.invalidate_all()
        self.assertTrue(self.firm.cs_service_hold)
        self.assertEqual(self.firm.cs_service_hold_ticket_ids, second)

    def test_lift_needs_reason_and_pending_complaint(self):
        with self.assertRaises(UserError):
            self.env["cs.service.hold.lift"].create(
                {"partner_id": self.firm.id, "reason": "No complaint at all"}
            )
        claim = self._complaint()
        with self.assertRaises(UserError):
            self.env["cs.service.hold.lift"].create(
                {"partner_id": self.firm.id, "reason": "  ", "ticket_ids": claim.ids}
            )

    def test_invoice_shows_hold(self):
        invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.contact.id}
        )
        self.assertFalse(invoice.cs_service_hold)
        self.assertNotIn("cs_service_hold", invoice.alerts or {})
        self._complaint()
        self.env.invalidate_all()
        self.assertTrue(invoice.cs_service_hold)
        self.assertEqual(invoice.alerts["cs_service_hold"]["level"], "warning")

    def test_hold_computed_in_fixed_queries(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {i}"} for i in range(20)]
        )
        for partner in partners[:10]:
            self._complaint(partner=partner)
        self.env.invalidate_all()
        partners = partners.browse(partners.ids)
        with self.assertQueryCount(6):
            held = partners.filtered("cs_service_hold")
        self.assertEqual(len(held), 10)
