"""Text of plain-text files whatever encoding the sender's computer saved them in.

Odoo's own indexer keeps runs of ASCII only, so "Garantía" became "Garant": the
bytes are decoded here first. Files come from Spanish-speaking customers, so the
candidates are UTF-8 and the two Western single-byte encodings, Latin-1 (ISO-8859-1)
and Windows-1252, plus the Unicode files that announce themselves with a BOM.
"""

import codecs
import re

# UTF-32 LE's BOM starts with UTF-16 LE's: it is tried first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes 0x80-0x9F are printable in Windows-1252 (€, curly quotes, dashes, ellipsis)
# and control characters that nobody types in Latin-1; five of them mean nothing in
# Windows-1252.
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_UNDEFINED_IN_CP1252 = frozenset(b"\x81\x8d\x8f\x90\x9d")
# Control characters other than tab, line feed, form feed and carriage return: no
# use in a search index, and PostgreSQL refuses NUL in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")

UTF8 = "utf-8"
LATIN1 = "latin-1"
CP1252 = "cp1252"


def detect_encoding(data):
    """Python codec name for the bytes ``data`` of a text file.

    In order: a byte order mark; then UTF-8 if the bytes decode strictly (a file
    cut short in the middle of its last character still counts); then Windows-1252
    when bytes 0x80-0x9F appear and all of them are defined there; else Latin-1,
    which decodes any byte (without 0x80-0x9F both read the same).
    """
    data = bytes(data or b"")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    try:
        data.decode(UTF8)
        return UTF8
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and error.end == len(data):
            return UTF8
    c1 = set(b"".join(_C1_BYTES.findall(data)))
    if c1 and not c1 & _UNDEFINED_IN_CP1252:
        return CP1252
    return LATIN1


def decode_text(data):
    """``(text, codec)``: ``data`` decoded with the detected codec, control
    characters removed, ready to index."""
    codec = detect_encoding(data)
    text = bytes(data or b"").decode(codec, errors="replace")
    return _CONTROL.sub("", text), codec
