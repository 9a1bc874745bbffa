from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools.loyalty_rules import (
    anniversary_years,
    due_date,
    eligibility_failures,
    next_step,
    satisfaction_from_rating,
    tier_for_points,
)


@tagged("post_install", "-at_install")
class TestLoyaltyTools(BaseCase):
    def test_eligibility_rules(self):
        stats = {
            "invoice_count": 3,
            "total_spent": 450.0,
            "tenure_days": 200,
            "last_satisfaction": "happy",
        }
        rules = {
            "min_invoices": 2,
            "min_spent": 300.0,
            "min_tenure_days": 90,
            "require_satisfied": True,
        }
        self.assertEqual(eligibility_failures(stats, **rules), [])
        self.assertEqual(
            eligibility_failures(dict(stats, invoice_count=1), **rules), ["invoices"]
        )
        self.assertEqual(
            eligibility_failures(dict(stats, total_spent=299.99), **rules), ["spent"]
        )
        self.assertEqual(
            eligibility_failures(dict(stats, tenure_days=89), **rules), ["tenure"]
        )
        self.assertEqual(
            eligibility_failures(dict(stats, last_satisfaction="neutral"), **rules),
            ["satisfaction"],
        )
        # Never answered is not a refusal; rules at zero are not applied.
        self.assertEqual(
            eligibility_failures(dict(stats, last_satisfaction=None), **rules), []
        )
        self.assertEqual(eligibility_failures({"invoice_count": 0}), [])
        self.assertEqual(
            eligibility_failures(
                {"invoice_count": 0, "total_spent": 0, "tenure_days": 0}, **rules
            ),
            ["invoices", "spent", "tenure"],
        )

    def test_tier_for_points(self):
        tiers = [("silver", 100), ("bronze", 0), ("gold", 500)]
        self.assertEqual(tier_for_points(tiers, 0), "bronze")
        self.assertEqual(tier_for_points(tiers, 99.5), "bronze")
        self.assertEqual(tier_for_points(tiers, 100), "silver")
        self.assertEqual(tier_for_points(tiers, 1000), "gold")
        self.assertIsNone(tier_for_points([("silver", 100)], 50))
        self.assertIsNone(tier_for_points([], 50))

    def test_satisfaction_and_steps(self):
        self.assertEqual(satisfaction_from_rating(5), "happy")
        self.assertEqual(satisfaction_from_rating(3), "neutral")
        self.assertEqual(satisfaction_from_rating(1), "unhappy")
        self.assertIsNone(satisfaction_from_rating(0))
        steps = [("call", 30), ("mail", 7), ("sms", 14)]
        self.assertEqual(next_step(steps), ("mail", 7))
        self.assertEqual(next_step(steps, 7), ("sms", 14))
        self.assertIsNone(next_step(steps, 30))
        self.assertEqual(due_date(date(2026, 1, 28), 7), date(2026, 2, 4))

    def test_anniversary(self):
        self.assertEqual(anniversary_years(date(2024, 3, 1), date(2026, 3, 1)), 2)
        self.assertEqual(anniversary_years(date(2024, 3, 1), date(2026, 3, 2)), 0)
        self.assertEqual(anniversary_years(date(2026, 3, 1), date(2026, 3, 1)), 0)
        self.assertEqual(anniversary_years(date(2024, 2, 29), date(2025, 2, 28)), 1)
        self.assertEqual(anniversary_years(date(2024, 2, 29), date(2028, 2, 28)), 0)
        self.assertEqual(anniversary_years(None, date(2028, 2, 28)), 0)
