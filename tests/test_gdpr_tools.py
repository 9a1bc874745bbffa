from datetime import date

from odoo.tests import BaseCase, tagged

from ..tools.contact_validation import is_valid_email, normalize_tax_id
from ..tools.gdpr_deadline import add_months, days_left, response_deadline


@tagged("at_install", "-post_install", "cs_tools")
class TestGdprDeadline(BaseCase):
    def test_one_month_same_day(self):
        self.assertEqual(response_deadline(date(2026, 3, 10)), date(2026, 4, 10))

    def test_month_end_rule_short_february(self):
        self.assertEqual(response_deadline(date(2026, 1, 31)), date(2026, 2, 28))
        self.assertEqual(response_deadline(date(2028, 1, 31)), date(2028, 2, 29))
        self.assertEqual(response_deadline(date(2026, 1, 29)), date(2026, 2, 28))
        self.assertEqual(response_deadline(date(2026, 3, 31)), date(2026, 4, 30))

    def test_year_change(self):
        self.assertEqual(response_deadline(date(2026, 12, 15)), date(2027, 1, 15))

    def test_extension_adds_two_months_from_receipt(self):
        self.assertEqual(
            response_deadline(date(2026, 1, 31), extended=True), date(2026, 4, 30)
        )
        self.assertEqual(
            response_deadline(date(2025, 11, 30), extended=True), date(2026, 2, 28)
        )
        self.assertEqual(
            response_deadline(date(2026, 11, 15), extended=True), date(2027, 2, 15)
        )

    def test_no_receipt_no_deadline(self):
        self.assertFalse(response_deadline(False))

    def test_add_months_and_days_left(self):
        self.assertEqual(add_months(date(2024, 2, 29), 12), date(2025, 2, 28))
        self.assertEqual(days_left(date(2026, 2, 28), date(2026, 3, 2)), -2)
        self.assertEqual(days_left(date(2026, 2, 28), date(2026, 2, 28)), 0)


@tagged("at_install", "-post_install", "cs_tools")
class TestContactValidation(BaseCase):
    def test_spanish_ids(self):
        self.assertEqual(normalize_tax_id("12345678z"), ("NIF", "12345678Z"))
        self.assertEqual(normalize_tax_id("x-1234567-l"), ("NIE", "X1234567L"))
        self.assertEqual(normalize_tax_id("B12345674"), ("CIF", "B12345674"))
        self.assertEqual(normalize_tax_id("ES12345678Z"), ("NIF", "12345678Z"))

    def test_wrong_check_letter_is_refused(self):
        self.assertIsNone(normalize_tax_id("12345678A"))
        self.assertIsNone(normalize_tax_id("X1234567A"))
        self.assertIsNone(normalize_tax_id("B12345670"))
        self.assertIsNone(normalize_tax_id(""))

    def test_other_countries_vat(self):
        self.assertEqual(normalize_tax_id("FR40303265045"), ("VAT", "FR40303265045"))
        self.assertEqual(normalize_tax_id("136695976", "DE"), ("VAT", "DE136695976"))
        self.assertIsNone(normalize_tax_id("136695970", "DE"))

    def test_email(self):
        self.assertTrue(is_valid_email("ana.garcia@example.com"))
        for bad in (
            "ana",
            "ana@",
            "ana@example",
            "a b@example.com",
            "a@b.com, c@d.com",
        ):
            self.assertFalse(is_valid_email(bad), bad)
