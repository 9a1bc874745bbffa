import io
import time
import zipfile

from odoo.tests import BaseCase, tagged

from ..tools.contact_validation import normalize_postal_code
from ..tools.file_check import (
    INDEX_LATER,
    INDEX_NEVER,
    INDEX_NOW,
    index_cost,
    index_plan,
)
from ..tools.zip_names import is_safe_member, safe_member_name, unique_names

BOMB_TEXT_BYTES = 50 * 1024 * 1024


def make_docx(text_bytes, media=b""):
    """A .docx whose document.xml unpacks to about ``text_bytes``."""
    paragraph = b"<w:p><w:r><w:t>lorem ipsum dolor</w:t></w:r></w:p>"
    body = paragraph * (text_bytes // len(paragraph))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as docx:
        docx.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        # libmagic recognises a .docx by these first members.
        docx.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"/>',
        )
        docx.writestr(
            "word/document.xml",
            b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats'
            b'.org/wordprocessingml/2006/main"><w:body>'
            + body
            + b"</w:body></w:document>",
        )
        if media:
            docx.writestr("word/media/image1.png", media, zipfile.ZIP_STORED)
    return buffer.getvalue()


@tagged("at_install", "-post_install", "cs_tools")
class TestZipNames(BaseCase):
    def test_hostile_names_stay_inside_the_archive(self):
        hostile = [
            "../../../../etc/evil.sh",
            "/etc/passwd",
            "..\\..\\windows\\system32\\evil.dll",
            "C:\\temp\\evil.bat",
            "C:evil.bat",
            "..",
            ".",
            "",
            None,
            "  ",
            "a/b/../../..",
            "name\x00.pdf",
            "con\r\nfig.txt",
            "x" * 400 + ".pdf",
        ]
        names = unique_names(
            [safe_member_name(n, prefix=i) for i, n in enumerate(hostile)]
        )
        for name in names:
            path = f"attachments/{name}"
            with self.subTest(path=path):
                self.assertTrue(is_safe_member(path))
                self.assertNotIn("..", path.split("/"))
                self.assertNotIn("\\", path)
                self.assertFalse(path.startswith("/"))
                self.assertNotIn("\x00", path)
                self.assertLessEqual(len(name), 160)
        self.assertEqual(names[0], "0-evil.sh")
        self.assertEqual(names[3], "3-evil.bat")
        self.assertTrue(names[-1].endswith(".pdf"))

    def test_plain_names_are_kept(self):
        self.assertEqual(
            safe_member_name("Factura marzo.pdf", prefix=7), "7-Factura marzo.pdf"
        )
        self.assertEqual(safe_member_name("recibo.png"), "recibo.png")

    def test_duplicates_are_numbered(self):
        self.assertEqual(
            unique_names(["a.pdf", "A.pdf", "a.pdf", "b", "b", ".pdf"]),
            ["a.pdf", "A (2).pdf", "a (3).pdf", "b", "b (2)", ".pdf"],
        )

    def test_is_safe_member(self):
        for path in ("../x", "/x", "a\\b", "a//b", "C:/x", "a/./b", ""):
            self.assertFalse(is_safe_member(path), path)
        self.assertTrue(is_safe_member("attachments/1-a.pdf"))


@tagged("at_install", "-post_install", "cs_tools")
class TestIndexCost(BaseCase):
    def test_zip_bomb_is_measured_without_unpacking(self):
        bomb = make_docx(BOMB_TEXT_BYTES)
        self.assertLess(len(bomb), 1024 * 1024)
        started = time.process_time()
        cost = index_cost(bomb)
        self.assertLess(time.process_time() - started, 0.1)
        self.assertGreater(cost, BOMB_TEXT_BYTES - 1024)
        self.assertEqual(index_plan(bomb), INDEX_NEVER)

    def test_plans(self):
        self.assertEqual(index_plan(make_docx(10_000)), INDEX_NOW)
        self.assertEqual(index_plan(make_docx(2 * 1024 * 1024)), INDEX_LATER)
        # Pictures inside a document are not parsed by the indexers.
        photo = make_docx(10_000, media=b"\x89PNG" + b"\x01" * (3 * 1024 * 1024))
        self.assertEqual(index_plan(photo), INDEX_NOW)
        self.assertEqual(
            index_plan(b"%PDF-1.4" + b" " * (2 * 1024 * 1024)), INDEX_LATER
        )
        self.assertEqual(
            index_plan(b"\x89PNG" + b"\x00" * (9 * 1024 * 1024)), INDEX_NOW
        )
        self.assertEqual(
            index_plan(b"a" * (2 * 1024 * 1024), "text/plain"), INDEX_LATER
        )
        self.assertEqual(index_plan(b"PK\x03\x04 broken"), INDEX_NOW)


@tagged("at_install", "-post_install", "cs_tools")
class TestPostalCode(BaseCase):
    def test_spanish_postal_codes(self):
        for good, expected in (
            ("28013", "28013"),
            ("01001", "01001"),
            ("52006", "52006"),
            (" 08 001 ", "08001"),
        ):
            self.assertEqual(normalize_postal_code(good, "ES"), expected)
        for bad in ("00123", "53001", "99999", "2801", "280130", "28O13", "E-28013"):
            self.assertIsNone(normalize_postal_code(bad, "ES"), bad)

    def test_other_countries_are_not_checked(self):
        self.assertEqual(normalize_postal_code(" SW1A 1AA ", "GB"), "SW1A 1AA")
        self.assertEqual(normalize_postal_code("75001", "fr"), "75001")
        self.assertIsNone(normalize_postal_code("  ", "FR"))
