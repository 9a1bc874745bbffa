"""Message length rules of the service channels.

SMS follows 3GPP TS 23.038: text made only of the GSM 7-bit default alphabet is sent
in GSM-7 (160 characters in one message, 153 per part when concatenated); characters
of the extension table take two septets; any other character, such as "á" or an
emoji, switches the whole message to UCS-2 (70 UTF-16 units, 67 per part).
"""

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7 = "gsm7"
UCS2 = "ucs2"

SINGLE_LIMIT = {GSM7: 160, UCS2: 70}
PART_LIMIT = {GSM7: 153, UCS2: 67}


@dataclass(frozen=True)
class SmsLength:
    encoding: str
    units: int
    segments: int


def sms_encoding(text):
    """Return GSM7 when every character of ``text`` fits the GSM 7-bit alphabet."""
    for char in text:
        if char not in GSM7_BASIC and char not in GSM7_EXTENSION:
            return UCS2
    return GSM7


def sms_units(text, encoding):
    """Septets (GSM-7) or UTF-16 code units (UCS-2) that ``text`` takes."""
    if encoding == GSM7:
        return sum(2 if char in GSM7_EXTENSION else 1 for char in text)
    return len(text.encode("utf-16-le")) // 2


def sms_length(text):
    """Encoding, size in units and number of SMS parts of ``text``."""
    text = text or ""
    encoding = sms_encoding(text)
    units = sms_units(text, encoding)
    if units == 0:
        segments = 0
    elif units <= SINGLE_LIMIT[encoding]:
        segments = 1
    else:
        segments = -(-units // PART_LIMIT[encoding])
    return SmsLength(encoding, units, segments)


def length_excess(text, limit, unit):
    """How far ``text`` goes past ``limit``; 0 when it fits or there is no limit.

    ``unit`` is "char" (characters) or "sms_segment" (SMS parts).
    """
    if not limit or limit <= 0:
        return 0
    if unit == "sms_segment":
        return max(0, sms_length(text).segments - limit)
    return max(0, len(text or "") - limit)


def ucs2_characters(text):
    """Characters of ``text`` outside GSM-7, each once, in order of appearance.

    Any one of them is what switches the whole SMS to UCS-2.
    """
    seen = {}
    for char in text or "":
        if char not in GSM7_BASIC and char not in GSM7_EXTENSION:
            seen.setdefault(char, None)
    return list(seen)


def quoted_character(char):
    """How to name ``char`` to the agent: “á”, or U+00A0 when it cannot be seen."""
    if char.isspace() or not char.isprintable():
        return f"U+{ord(char):04X}"
    return f"“{char}”"


def named_ucs2_characters(text):
    """The characters that switch ``text`` to UCS-2, as the agent is shown them."""
    return [quoted_character(char) for char in ucs2_characters(text)]
