"""Checks of files handed in by customers, on their content rather than their name."""

import io
import zipfile
from fnmatch import fnmatchcase

TOO_BIG = "too_big"
EMPTY = "empty"
DISALLOWED = "disallowed_type"
ENCRYPTED_PDF = "encrypted_pdf"
CORRUPT_PDF = "corrupt_pdf"

# Reading the text of a file costs about its unpacked size: Odoo's .docx indexer took
# 0.8 s of CPU for 1 MB of document.xml, 6.3 s and 140 MB of memory for 4 MB, 22 s and
# 270 MB for 8 MB. Up to INDEX_INLINE_BYTES the text is read while the customer waits;
# up to INDEX_MAX_BYTES a scheduled job reads it later; beyond, it is never read.
INDEX_INLINE_BYTES = 1024 * 1024
INDEX_MAX_BYTES = 8 * 1024 * 1024
INDEX_NOW = "now"
INDEX_LATER = "later"
INDEX_NEVER = "never"
# Members of office files that no indexer reads (pictures and other media).
_MEDIA_SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".emf",
    ".wmf",
    ".webp",
    ".mp3",
    ".mp4",
    ".wav",
)

DEFAULT_ALLOWED = (
    "application/pdf",
    "image/*",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.*",
    "application/vnd.oasis.opendocument.*",
    "application/msword",
)


def sniff_mimetype(data):
    """MIME type guessed by libmagic from the first bytes of the content."""
    if not data:
        return "application/x-empty"
    # Imported here so that loading the addon does not load libmagic.
    import magic

    return magic.from_buffer(bytes(data[:4096]), mime=True)


def parse_patterns(text):
    """'application/pdf, image/*' -> ('application/pdf', 'image/*')."""
    return tuple(
        part.strip().lower()
        for part in (text or "").replace("\n", ",").split(",")
        if part.strip()
    )


def mimetype_allowed(mimetype, patterns):
    return any(fnmatchcase(mimetype.lower(), pattern) for pattern in patterns)


def pdf_problem(data):
    """None for a readable PDF, else ENCRYPTED_PDF or CORRUPT_PDF."""
    from odoo.tools.pdf import PdfFileReader  # noqa: PLC0415 (heavy, only for PDFs)

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return ENCRYPTED_PDF
        if not len(reader.pages):
            return CORRUPT_PDF
    except Exception:  # noqa: BLE001 any parsing failure means the file is unusable
        return CORRUPT_PDF
    return None


def check_file(data, max_bytes, allowed_patterns):
    """Return ``(mimetype, problem)``; ``problem`` is None when the file is accepted.

    ``max_bytes`` of 0 means no size limit.
    """
    size = len(data or b"")
    if not size:
        return "application/x-empty", EMPTY
    if max_bytes and size > max_bytes:
        return sniff_mimetype(data), TOO_BIG
    mimetype = sniff_mimetype(data)
    if not mimetype_allowed(mimetype, allowed_patterns):
        return mimetype, DISALLOWED
    if mimetype == "application/pdf":
        return mimetype, pdf_problem(data)
    return mimetype, None


def index_cost(data, mimetype=""):
    """Bytes Odoo's text indexers would parse for ``data``.

    For a zip (docx, xlsx, pptx, odt…) that is the uncompressed size its directory
    declares for the members other than media, read without unpacking anything:
    a few KB can declare gigabytes. Python's zipfile never unpacks more than the
    declared size. PDFs and text cost their size; other files are not parsed.
    """
    data = data or b""
    stream = io.BytesIO(data)
    if zipfile.is_zipfile(stream):
        try:
            with zipfile.ZipFile(stream) as archive:
                return sum(
                    info.file_size
                    for info in archive.infolist()
                    if not info.filename.lower().endswith(_MEDIA_SUFFIXES)
                )
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            return len(data)
    if data.startswith(b"%PDF-") or (mimetype or "").startswith("text/"):
        return len(data)
    return 0


def index_plan(
    data, mimetype="", inline_bytes=INDEX_INLINE_BYTES, max_bytes=INDEX_MAX_BYTES
):
    """INDEX_NOW, INDEX_LATER or INDEX_NEVER for the text of ``data``."""
    cost = index_cost(data, mimetype)
    if cost > max_bytes:
        return INDEX_NEVER
    if cost > inline_bytes:
        return INDEX_LATER
    return INDEX_NOW
