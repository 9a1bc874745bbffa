"""ISO/IEC 7064 MOD 37,36 check characters for intake codes.

The code ``REG/2026/000123`` is reduced to its letters and digits (``REG2026000123``)
and gets one check character out of 0-9A-Z, written after a dash:
``REG/2026/000123-X``. It detects every single wrong character and every swap of
two adjacent characters.
"""

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MODULUS = 36


def _significant(code):
    chars = [c for c in (code or "").upper() if c.isalnum()]
    for char in chars:
        if char not in ALPHABET:
            raise ValueError(f"{char!r} is not a letter A-Z or a digit")
    return chars


def _remainder(chars):
    product = MODULUS
    total = MODULUS
    for char in chars:
        total = (product + ALPHABET.index(char)) % MODULUS or MODULUS
        product = (total * 2) % (MODULUS + 1)
    return product, total


def check_char(code):
    """Return the MOD 37,36 check character of ``code`` (separators ignored)."""
    chars = _significant(code)
    if not chars:
        raise ValueError("a code needs at least one letter or digit")
    product, _total = _remainder(chars)
    return ALPHABET[(MODULUS + 1 - product) % MODULUS]


def add_check_char(code):
    """``REG/2026/000123`` -> ``REG/2026/000123-X``."""
    return f"{code}-{check_char(code)}"


def is_valid(full_code):
    """Tell whether ``full_code`` (with its check character last) is well typed."""
    try:
        chars = _significant(full_code)
    except ValueError:
        return False
    if len(chars) < 2:
        return False
    _product, total = _remainder(chars)
    return total == 1
