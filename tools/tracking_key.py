"""Tracking keys (clave identificativa) of customer demands.

A key is 11 random characters and one check character, read in three groups of
four: ``K7QX-M4RT-9PWH``. Every character comes from 32 letters and digits without
0, O, 1 and I, which are confused when read aloud or by hand. The check character
is the intake codes' MOD 37,36 one (tools/check_char.py), which catches every
single wrong character and all but about 0.3 % of swaps of two neighbours; bodies
whose check character would be 0, O, 1 or I are drawn again, so a key holds about
54.8 random bits.
"""

import math
import secrets

from .check_char import ALPHABET as CHECK_ALPHABET
from .check_char import check_char, is_valid

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
RANDOM_LENGTH = 11
GROUP = 4
KEY_LENGTH = RANDOM_LENGTH + 1


def random_bits():
    """Bits of chance in one key: the bodies kept, out of all bodies drawn."""
    kept = len(ALPHABET) / len(CHECK_ALPHABET)
    return RANDOM_LENGTH * math.log2(len(ALPHABET)) + math.log2(kept)


def _grouped(chars):
    return "-".join(chars[i : i + GROUP] for i in range(0, len(chars), GROUP))


def new_key(randbelow=secrets.randbelow):
    """A fresh key such as ``K7QX-M4RT-9PWH``."""
    while True:
        body = "".join(
            ALPHABET[randbelow(len(ALPHABET))] for _i in range(RANDOM_LENGTH)
        )
        check = check_char(body)
        if check in ALPHABET:
            return _grouped(body + check)


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

    Spaces, dashes and case are ignored.
    """
    chars = "".join(c for c in (text or "").upper() if c.isalnum())
    if len(chars) != KEY_LENGTH or any(c not in ALPHABET for c in chars):
        return ""
    if not is_valid(chars):
        return ""
    return _grouped(chars)


def spoken_key(key):
    """The key spelt for reading aloud: groups apart, characters apart."""
    return " - ".join(" ".join(group) for group in (key or "").split("-"))
