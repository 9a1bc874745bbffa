from odoo.exceptions import UserError
from odoo.tests import tagged

from .loyalty_common import LoyaltyCase


@tagged("post_install", "-at_install")
class TestConsentIntegration(LoyaltyCase):
    """Senders obey the real consent register, not only a patched answer."""

    def setUp(self):
        super().setUp()
        self.purposes = self.env["cs.processing.purpose"].search(
            [("code", "in", ("loyalty", "survey"))]
        )
        self.purposes.write({"legal_basis": "consent"})

    def test_enrolment_needs_a_recorded_loyalty_consent(self):
        partner = self.customer_en
        self._invoice(partner, 200.0)
        partner.invalidate_recordset()
        self.assertTrue(partner.cs_loyalty_eligible)
        with self.assertRaisesRegex(
            UserError, "no valid consent for Loyalty programme"
        ):
            partner.with_user(self.agent).action_cs_loyalty_enrol()
        self.assertFalse(partner.cs_loyalty_card_ids)
        loyalty = self.purposes.filtered(lambda p: p.code == "loyalty")
        self.env["cs.consent"]._cs_record(
            partner,
            loyalty,
            "email",
            "given",
            "in_person",
            proof_attestation="Signed the membership form.",
        )
        card = partner.with_user(self.agent).action_cs_loyalty_enrol()
        self.assertEqual(card.cs_state, "active")
        self.env["cs.consent"]._cs_record(
            partner, loyalty, "email", "withdrawn", "portal"
        )
        self.assertFalse(partner._cs_check_consent("loyalty", "email"))

    def test_mass_filter_skips_contacts_without_survey_consent(self):
        survey = self.purposes.filtered(lambda p: p.code == "survey")
        self.env["cs.consent"]._cs_record(
            self.customer_es,
            survey,
            "email",
            "given",
            "phone",
            proof_attestation="Agreed on the phone.",
        )
        partners = self.customer_en | self.customer_es | self.customer_plain
        allowed, skipped = partners._cs_filter_consent("survey", "email")
        self.assertEqual(allowed, self.customer_es)
        self.assertEqual(skipped, 2)
