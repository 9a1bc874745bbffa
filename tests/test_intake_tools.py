from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..tools import check_char, classification, file_check, retention


@tagged("at_install", "-post_install", "cs_tools")
class TestCheckChar(BaseCase):
    def test_known_values(self):
        # Worked example of ISO/IEC 7064 MOD 37,36 with the 0-9A-Z alphabet.
        self.assertEqual(check_char.check_char("A12425GABC1234002"), "M")
        code = check_char.add_check_char("REG/2026/000123")
        self.assertRegex(code, r"^REG/2026/000123-[0-9A-Z]$")
        self.assertTrue(check_char.is_valid(code))

    def test_every_single_substitution_is_detected(self):
        code = check_char.add_check_char("FAC/2026/004711")
        body = code.replace("/", "").replace("-", "")
        for position, original in enumerate(body):
            for replacement in check_char.ALPHABET:
                if replacement == original:
                    continue
                typo = body[:position] + replacement + body[position + 1 :]
                self.assertFalse(check_char.is_valid(typo), typo)

    def test_every_adjacent_swap_is_detected(self):
        code = check_char.add_check_char("GAR/2026/918273")
        body = code.replace("/", "").replace("-", "")
        for position in range(len(body) - 1):
            a, b = body[position], body[position + 1]
            if a == b:
                continue
            swapped = body[:position] + b + a + body[position + 2 :]
            self.assertFalse(check_char.is_valid(swapped), swapped)

    def test_separators_and_case_are_ignored(self):
        code = check_char.add_check_char("REG/2026/000001")
        self.assertTrue(check_char.is_valid(code.lower()))
        self.assertTrue(check_char.is_valid(code.replace("/", " ")))

    def test_garbage_is_invalid(self):
        self.assertFalse(check_char.is_valid(""))
        self.assertFalse(check_char.is_valid("Ñ/2026"))
        self.assertFalse(check_char.is_valid("X"))
        with self.assertRaises(ValueError):
            check_char.check_char("//")


@tagged("at_install", "-post_install", "cs_tools")
class TestFileCheck(BaseCase):
    PNG = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
        b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
        b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )

    def test_type_comes_from_content_not_name(self):
        self.assertEqual(file_check.sniff_mimetype(self.PNG), "image/png")
        mimetype, problem = file_check.check_file(
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200,
            0,
            file_check.DEFAULT_ALLOWED,
        )
        self.assertEqual(problem, file_check.DISALLOWED)
        self.assertNotEqual(mimetype, "application/pdf")

    def test_size_limit(self):
        self.assertEqual(
            file_check.check_file(self.PNG, 10, ("image/*",))[1], file_check.TOO_BIG
        )
        self.assertIsNone(file_check.check_file(self.PNG, 0, ("image/*",))[1])
        self.assertEqual(file_check.check_file(b"", 0, ("*",))[1], file_check.EMPTY)

    def test_corrupt_pdf(self):
        self.assertEqual(
            file_check.check_file(
                b"%PDF-1.4\nthis is not a pdf", 0, ("application/pdf",)
            )[1],
            file_check.CORRUPT_PDF,
        )

    def test_patterns(self):
        self.assertEqual(
            file_check.parse_patterns(" application/pdf,\nIMAGE/* "),
            ("application/pdf", "image/*"),
        )
        self.assertTrue(file_check.mimetype_allowed("image/jpeg", ("image/*",)))
        self.assertFalse(file_check.mimetype_allowed("text/html", ("text/plain",)))


@tagged("at_install", "-post_install", "cs_tools")
class TestClassificationTools(BaseCase):
    RULES = [
        {"key": "invoice", "sequence": 10, "content_keywords": "factura, invoice"},
        {"key": "invoice", "sequence": 11, "filename": "*factura*"},
        {"key": "photo", "sequence": 30, "mimetype": "image/*"},
        {"key": "warranty", "sequence": 20, "keywords": "garantía"},
        {
            "key": "warranty_photo",
            "sequence": 40,
            "mimetype": "image/*",
            "keywords": "garantia",
        },
    ]

    def test_each_criterion(self):
        self.assertEqual(
            classification.suggest(self.RULES, {"content": "FACTURA nº 12"}), "invoice"
        )
        self.assertEqual(
            classification.suggest(self.RULES, {"filenames": ["Factura-Marzo.PDF"]}),
            "invoice",
        )
        self.assertEqual(
            classification.suggest(self.RULES, {"mimetypes": ["image/jpeg"]}), "photo"
        )
        self.assertEqual(
            classification.suggest(self.RULES, {"subject": "Mi GARANTIA"}), "warranty"
        )
        self.assertIsNone(classification.suggest(self.RULES, {"subject": "hola"}))

    def test_most_criteria_wins_then_sequence(self):
        facts = {"mimetypes": ["image/png"], "body": "foto para la garantía"}
        self.assertEqual(classification.suggest(self.RULES, facts), "warranty_photo")

    def test_keywords_match_whole_words(self):
        self.assertFalse(classification.has_keyword("refactura", ["factura"]))
        self.assertTrue(classification.has_keyword("la factura.", ["factura"]))

    def test_accuracy(self):
        self.assertEqual(classification.accuracy(3, 1), 75.0)
        self.assertIsNone(classification.accuracy(0, 0))


@tagged("at_install", "-post_install", "cs_tools")
class TestRetentionTools(BaseCase):
    def test_retention(self):
        received = datetime(2020, 1, 31, 10, 0)
        self.assertEqual(retention.retention_end(received, 1), date(2020, 2, 29))
        self.assertIsNone(retention.retention_end(received, 0))
        self.assertTrue(retention.past_retention(received, 12, date(2021, 2, 1)))
        self.assertFalse(retention.past_retention(received, 12, date(2021, 1, 30)))
        self.assertFalse(
            retention.past_retention(received, 12, date(2030, 1, 1), legal_hold=True)
        )
        self.assertFalse(retention.past_retention(received, 0, date(2030, 1, 1)))
