"""Safe names for the members of a zip built from names customers chose."""

import re
import unicodedata

# Characters Windows refuses in file names, besides the separators.
_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
MAX_NAME_LENGTH = 150


def safe_member_name(name, prefix="", fallback="file"):
    """One path component from an untrusted file name.

    Keeps the last component only (``/`` and ``\\`` both count as separators), drops
    control and Windows-forbidden characters and leading or trailing dots and spaces,
    so the result can never be ``..``, absolute or a drive path. ``prefix`` (e.g. the
    record id) is put in front with a dash.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _FORBIDDEN.sub("_", name).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = f"{stem[: MAX_NAME_LENGTH - len(ext) - 1].rstrip(' .')}.{ext}"
        else:
            name = name[:MAX_NAME_LENGTH].rstrip(" .")
    name = name or fallback
    return name if prefix is None or prefix == "" else f"{prefix}-{name}"


def unique_names(names):
    """``names`` in order, a repeated one (ignoring case) numbered "name (2).ext"."""
    seen = set()
    result = []
    for name in names:
        candidate = name
        stem, dot, ext = name.rpartition(".")
        if not dot or not stem:
            stem, dot, ext = name, "", ""
        number = 2
        while candidate.casefold() in seen:
            candidate = f"{stem} ({number}){dot}{ext}"
            number += 1
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def is_safe_member(path):
    """True when ``path`` stays inside the archive once extracted."""
    parts = path.split("/")
    return bool(
        path
        and "\\" not in path
        and not path.startswith("/")
        and not re.match(r"^[A-Za-z]:", path)
        and all(part not in ("", ".", "..") for part in parts)
    )
