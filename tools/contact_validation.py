"""Checks of contact data collected by agents, without database access."""

import re

from stdnum.es import cif, nie, nif
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.util import get_cc_module

EMAIL_RE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[A-Za-z]{2,}$")
# Spanish postal codes: five digits, the first two a province from 01 to 52.
ES_POSTAL_CODE_RE = re.compile(r"^(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$")


def is_valid_email(value):
    """A single plain address (name@domain.tld), as typed in a form."""
    return bool(EMAIL_RE.match((value or "").strip()))


def normalize_tax_id(value, country_code="ES"):
    """Return ``(kind, compact)`` for a valid identity or tax number, else ``None``.

    Spanish numbers are a NIF (DNI), NIE or CIF; others are the VAT number of
    ``country_code`` (or of the country prefix typed, e.g. "FR…").
    """
    raw = (value or "").strip().upper().replace(" ", "").replace("-", "")
    if not raw:
        return None
    if raw[:2].isalpha() and get_cc_module(raw[:2].lower(), "vat"):
        country_code, raw = raw[:2], raw[2:]
    country_code = (country_code or "ES").upper()
    if country_code == "ES":
        for kind, module in (("NIE", nie), ("CIF", cif), ("NIF", nif)):
            try:
                return kind, module.validate(raw)
            except StdnumError:
                continue
        return None
    module = get_cc_module(country_code.lower(), "vat")
    if not module:
        return None
    try:
        return "VAT", country_code + module.validate(raw)
    except StdnumError:
        return None


def normalize_postal_code(value, country_code="ES"):
    """Return the postal code without spaces, or ``None`` when it cannot be one.

    Only Spanish codes are checked (five digits, province 01 to 52); others are
    returned trimmed, as their formats vary.
    """
    raw = (value or "").strip()
    if (country_code or "").upper() != "ES":
        return raw or None
    compact = "".join(raw.split())
    return compact if ES_POSTAL_CODE_RE.match(compact) else None
