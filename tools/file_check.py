"""Checks of files handed in by customers, on their content rather than their name."""

import io
from fnmatch import fnmatchcase

TOO_BIG = "too_big"
EMPTY = "empty"
DISALLOWED = "disallowed_type"
ENCRYPTED_PDF = "encrypted_pdf"
CORRUPT_PDF = "corrupt_pdf"

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
