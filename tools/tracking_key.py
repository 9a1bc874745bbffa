"""Tracking keys (clave identificativa) of customer demands.

A key is 11 random characters and one check character, read in three groups of
four: ``K7QX-M4RT-9PWH``. The random characters come from 32 letters and digits
without 0, O, 1 and I, which are confused when read aloud or by hand, so a key
holds 55 random bits. The check character is the intake codes' MOD 37,36 one
(tools/check_char.py); it may be 0 or 1, so typed keys read O as 0 and I or L
as 1 before checking.
"""

import secrets

from .check_char import check_char, is_valid

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RANDOM_LENGTH = 11
GROUP = 4
KEY_LENGTH = RANDOM_LENGTH + 1
# Typing mistakes read as what was meant; the random part never holds 0 or 1.
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def random_bits():
    """Bits of chance in one key (55)."""
    return RANDOM_LENGTH * (len(ALPHABET).bit_length() - 1)


def _grouped(chars):
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def new_key(randbelow=secrets.randbelow):
    """A fresh key such as ``K7QX-M4RT-9PWH``."""
    body = "".join(ALPHABET[randbelow(len(ALPHABET))] for _i in range(RANDOM_LENGTH))
    return _grouped(body + check_char(body))


def new_keys(count, taken=()):
    """``count`` distinct fresh keys, none of them in ``taken``."""
    seen = set(taken)
    keys = []
    while len(keys) < count:
        key = new_key()
        if key not in seen:
            seen.add(key)
            keys.append(key)
    return keys


def normalise_key(text):
    """The key as stored, from what a customer typed, or "" when it cannot be one.

    Spaces, dashes and case are ignored; O reads as 0, I and L as 1.
    """
    chars = "".join(c for c in (text or "").upper() if c.isalnum()).translate(_TYPED)
    if len(chars) != KEY_LENGTH or not chars.isascii():
        return ""
    if any(c not in ALPHABET for c in chars[:-1]):
        return ""
    if not is_valid(chars):
        return ""
    return _grouped(chars)


def spoken_key(key):
    """The key spelt for reading aloud: groups apart, characters apart."""
    return " - ".join(" ".join(group) for group in (key or "").split("-"))
