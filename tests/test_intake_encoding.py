from odoo.tests import BaseCase, tagged

from ..tools.text_encoding import CP1252, LATIN1, UTF8, decode_text, detect_encoding
from .intake_common import IntakeCase

TEXT = "Garantía de dos años. Reclamación por avería"
# Curly quotes, the euro sign and the ellipsis exist in Windows-1252 only.
TEXT_1252 = "“Garantía” de dos años: 30 € por avería…"


@tagged("at_install", "-post_install", "cs_tools")
class TestTextEncoding(BaseCase):
    def test_utf8(self):
        self.assertEqual(decode_text(TEXT.encode("utf-8")), (TEXT, UTF8))
        self.assertEqual(decode_text(TEXT_1252.encode("utf-8")), (TEXT_1252, UTF8))

    def test_latin1(self):
        self.assertEqual(decode_text(TEXT.encode("latin-1")), (TEXT, LATIN1))

    def test_windows_1252(self):
        self.assertEqual(decode_text(TEXT_1252.encode("cp1252")), (TEXT_1252, CP1252))

    def test_bytes_undefined_in_windows_1252_mean_latin1(self):
        # 0x81 exists in Latin-1 (a control character) but not in Windows-1252.
        data = "año".encode("latin-1") + b"\x81"
        self.assertEqual(detect_encoding(data), LATIN1)
        self.assertEqual(decode_text(data)[0], "año", "control characters dropped")

    def test_byte_order_marks(self):
        for codec in ("utf-8-sig", "utf-16", "utf-32"):
            data = TEXT_1252.encode(codec)
            self.assertEqual(decode_text(data)[0], TEXT_1252, codec)
        self.assertEqual(detect_encoding(TEXT.encode("utf-8-sig")), "utf-8-sig")

    def test_utf8_cut_in_the_middle_of_the_last_character(self):
        data = TEXT.encode("utf-8")[:-1]
        self.assertEqual(detect_encoding(data), UTF8)
        self.assertTrue(decode_text(data)[0].startswith("Garantía de dos años"))

    def test_empty_and_nul(self):
        self.assertEqual(decode_text(b""), ("", UTF8))
        self.assertEqual(decode_text(None), ("", UTF8))
        self.assertEqual(decode_text(b"a\x00b\r\n\tc")[0], "ab\r\n\tc")


@tagged("post_install", "-at_install")
class TestIntakeEncodingSearch(IntakeCase):
    def _search(self, query):
        wizard = (
            self.env["cs.search.wizard"].with_user(self.agent).create({"query": query})
        )
        wizard.action_search()
        return [
            r.res_id
            for r in wizard.result_ids
            if (r.source, r.res_model) == ("intake", "cs.intake")
        ]

    def test_uploaded_text_files_are_found_by_accented_words(self):
        files = {
            "utf8.txt": TEXT.encode("utf-8"),
            "latin1.txt": TEXT.encode("latin-1"),
            "windows1252.txt": TEXT_1252.encode("cp1252"),
        }
        intakes = {}
        for name, data in files.items():
            intake = self._intake()
            self.assertFalse(intake._cs_add_files([(name, data)]), name)
            for word in ("Garantía", "dos años", "avería"):
                self.assertIn(word, intake.extracted_text, name)
            intakes[name] = intake
        self.assertIn("30 €", intakes["windows1252.txt"].extracted_text)
        self.env.flush_all()
        found = self._search("avería")
        for name, intake in intakes.items():
            self.assertIn(intake.id, found, name)
        found = self._search("años")
        for name, intake in intakes.items():
            self.assertIn(intake.id, found, name)

    def test_attachment_uploaded_before_the_intake(self):
        # The portal form uploads the file first, then links it to the intake.
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.agent)
            .create(
                {
                    "name": "reclamacion.txt",
                    "raw": TEXT.encode("latin-1"),
                    "mimetype": "text/plain",
                }
            )
        )
        intake = self._intake(attachment_ids=[(6, 0, attachment.ids)])
        self.assertIn("Reclamación por avería", intake.extracted_text)
        self.env.flush_all()
        self.assertIn(intake.id, self._search("avería"))
