from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError

from odoo.addons.mail.tests.common import MockEmail
from odoo.addons.sms.tests.common import MockSMS

from .common import CustomerServiceCase


class LoyaltyCase(CustomerServiceCase, MockEmail, MockSMS):
    """A membership programme with tiers and service points, and invoice helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._cs_consent_not_required("commercial", "survey", "loyalty")
        Program = cls.env["loyalty.program"]
        # Demo programmes must not answer for the tests' programme.
        Program.search([("cs_membership", "=", True)]).cs_membership = False
        cls.env["cs.followup"].search([]).action_cs_cancel()
        cls.program = Program.create(
            {
                "name": "Club Acme",
                "program_type": "loyalty",
                "cs_membership": True,
                "cs_min_invoice_count": 1,
                "cs_min_total_spent": 100.0,
                "cs_card_validity_months": 12,
                "communication_plan_ids": [Command.clear()],
                "cs_tier_ids": [
                    Command.create({"name": "Bronze", "min_points": 0}),
                    Command.create(
                        {"name": "Silver", "min_points": 100, "sla_factor": 0.75}
                    ),
                    Command.create(
                        {
                            "name": "Gold",
                            "min_points": 500,
                            "ticket_priority": "3",
                            "sla_factor": 0.5,
                        }
                    ),
                ],
                "cs_point_rule_ids": [
                    Command.create({"event": "enrolment", "points": 10}),
                    Command.create({"event": "survey", "points": 20}),
                    Command.create({"event": "referral", "points": 50}),
                    Command.create({"event": "tenure_year", "points": 100}),
                ],
            }
        )
        cls.bronze, cls.silver, cls.gold = cls.program.cs_tier_ids.sorted("min_points")
        cls.product = cls.env["product.product"].create(
            {"name": "Kettle K-200", "list_price": 150.0, "type": "consu"}
        )

    @classmethod
    def _invoice(cls, partner, amount=150.0, post=True, product=None):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": (product or cls.product).id,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _refuse_consent(self, refused=("loyalty",)):
        """Patch the consent API so ``refused`` purposes are refused; returns the
        patcher and the list of calls (purpose, channel, raise_if_missing)."""
        calls = []

        def check(partner, purpose, channel, raise_if_missing=False):
            calls.append((purpose, channel, raise_if_missing))
            if purpose in refused:
                if raise_if_missing:
                    raise UserError(
                        partner.env._(
                            "%(name)s has not consented to %(purpose)s by %(channel)s.",
                            name=partner.name,
                            purpose=purpose,
                            channel=channel,
                        )
                    )
                return False
            return True

        def filter_consent(partners, purpose, channel):
            # The batch API records one call per batch.
            calls.append((purpose, channel, False))
            if purpose in refused:
                return partners.browse(), len(partners)
            return partners, 0

        return (
            patch.multiple(
                type(self.env["res.partner"]),
                _cs_check_consent=check,
                _cs_filter_consent=filter_consent,
            ),
            calls,
        )
