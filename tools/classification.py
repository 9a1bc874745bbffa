"""Suggest a document type from rules, without the database.

A rule is a dict with ``key`` (what it suggests), ``sequence``, and optional
criteria ``mimetype`` (glob such as ``image/*``), ``filename`` (glob such as
``*factura*``), ``keywords`` (subject and body) and ``content_keywords`` (text
extracted from the files). Every criterion a rule sets must match; the rule with
most criteria wins, then the lowest sequence.
"""

import re
import unicodedata
from fnmatch import fnmatchcase


def fold(text):
    """Lower case without accents, so 'Garantía' matches 'garantia'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def split_keywords(text):
    return [fold(k).strip() for k in re.split(r"[,;\n]", text or "") if k.strip()]


def has_keyword(text, keywords):
    folded = fold(text)
    return any(
        re.search(rf"(?<!\w){re.escape(keyword)}(?!\w)", folded) for keyword in keywords
    )


def rule_score(rule, facts):
    """Number of criteria matched, or 0 if any criterion set fails."""
    score = 0
    if rule.get("mimetype"):
        patterns = [p.strip().lower() for p in rule["mimetype"].split(",")]
        if not any(
            fnmatchcase(m.lower(), p)
            for m in facts.get("mimetypes", ())
            for p in patterns
        ):
            return 0
        score += 1
    if rule.get("filename"):
        patterns = [fold(p.strip()) for p in rule["filename"].split(",")]
        if not any(
            fnmatchcase(fold(n), p)
            for n in facts.get("filenames", ())
            for p in patterns
        ):
            return 0
        score += 1
    if rule.get("keywords"):
        message = f"{facts.get('subject') or ''}\n{facts.get('body') or ''}"
        if not has_keyword(message, split_keywords(rule["keywords"])):
            return 0
        score += 1
    if rule.get("content_keywords"):
        if not has_keyword(
            facts.get("content") or "", split_keywords(rule["content_keywords"])
        ):
            return 0
        score += 1
    return score


def suggest(rules, facts):
    """Return the ``key`` of the best matching rule, or None."""
    best = None
    for rule in rules:
        score = rule_score(rule, facts)
        if not score:
            continue
        rank = (-score, rule.get("sequence", 10))
        if best is None or rank < best[0]:
            best = (rank, rule["key"])
    return best and best[1]


def accuracy(confirmed, corrected):
    """Share of checked suggestions the agent kept, in percent (None if none)."""
    total = confirmed + corrected
    return round(100.0 * confirmed / total, 1) if total else None
