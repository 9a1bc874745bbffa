from odoo.tests import tagged

from .loyalty_common import LoyaltyCase

LOYALTY_FIELDS = [
    "cs_loyalty_card_id",
    "cs_loyalty_tier_id",
    "cs_loyalty_points",
    "cs_loyalty_eligible",
    "cs_loyalty_eligibility",
]


@tagged("post_install", "-at_install")
class TestTicketLoyaltyRead(LoyaltyCase):
    """The ticket's loyalty fields come from one query and say the same as the
    contact's: card, tier, points, eligibility and its reasons."""

    def _assert_same_as_contact(self, ticket):
        partner = ticket.partner_id
        self.assertEqual(ticket.cs_loyalty_card_id, partner.cs_loyalty_card_id)
        self.assertEqual(ticket.cs_loyalty_tier_id, partner.cs_loyalty_tier_id)
        self.assertEqual(ticket.cs_loyalty_points, partner.cs_loyalty_points)
        self.assertEqual(ticket.cs_loyalty_eligible, partner.cs_loyalty_eligible)
        self.assertEqual(ticket.cs_loyalty_eligibility, partner.cs_loyalty_eligibility)

    def test_ticket_says_what_the_contact_says(self):
        member, newcomer = self.customer_en, self.customer_es
        self._invoice(member, 80.0)
        ticket = self._ticket("phone", partner=member)
        other = self._ticket("email", partner=newcomer)
        tickets = (ticket | other).with_user(self.agent)
        tickets.mapped("cs_loyalty_eligible")
        tickets.invalidate_recordset(LOYALTY_FIELDS)
        # Card, programme and invoice totals of both contacts.
        with self.assertQueryCount(__system__=1):
            tickets.mapped("cs_loyalty_eligible")
        self.assertFalse(ticket.cs_loyalty_eligible)
        self.assertIn("Total spent", ticket.cs_loyalty_eligibility)
        self.assertNotIn("Posted invoices", ticket.cs_loyalty_eligibility)
        self.assertIn("Posted invoices: 0 of 1 needed", other.cs_loyalty_eligibility)
        self._assert_same_as_contact(ticket)
        self._assert_same_as_contact(other)
        self._invoice(member, 80.0)
        self.env.invalidate_all()
        self.assertTrue(ticket.cs_loyalty_eligible)
        self.assertIn("Club Acme", ticket.cs_loyalty_eligibility)
        card = member.action_cs_loyalty_enrol()
        # The new card shows on the ticket without a reload.
        self.assertEqual(ticket.cs_loyalty_card_id, card)
        self.assertEqual(ticket.cs_loyalty_tier_id, self.bronze)
        self.assertEqual(ticket.cs_loyalty_points, card.points)
        self._assert_same_as_contact(ticket)

    def test_no_programme(self):
        self.program.cs_membership = False
        ticket = self._ticket("phone", partner=self.customer_en)
        self.assertFalse(ticket.cs_loyalty_eligible)
        self.assertFalse(ticket.cs_loyalty_eligibility)
        self.assertFalse(ticket.cs_loyalty_card_id)
