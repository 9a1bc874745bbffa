"""Typology tagging of free-text comments with keyword lists, in Spanish and English.

A keyword list is a comma- or newline-separated string. ``esper*`` matches every word
starting with ``esper``; several words match a phrase; a leading ``+`` marks a
positive wording ("amable", "+atend*") whose negation is a complaint
("no me atendieron"). Plain keywords are complaints unless negated
("no tuve que esperar"). Matching ignores case and accents.
"""

import re
import unicodedata

NEGATIONS = frozenset(
    {
        # Spanish
        "no",
        "nunca",
        "jamas",
        "ni",
        "sin",
        "nadie",
        "nada",
        "tampoco",
        "ningun",
        "ninguna",
        # English (apostrophes are dropped before splitting)
        "not",
        "never",
        "nobody",
        "nothing",
        "without",
        "dont",
        "didnt",
        "doesnt",
        "wasnt",
        "werent",
        "isnt",
        "cant",
        "cannot",
        "couldnt",
        "wont",
        "hardly",
    }
)
NEGATION_WINDOW = 3
_CLAUSES = re.compile(r"[.;:!?¡¿\n]+|,\s*(?:but|pero|aunque|although)\b")
_NOT_WORD = re.compile(r"[^a-z0-9*+ ]+")

NEGATIVE = "negative"
POSITIVE = "positive"


def normalize(text):
    """Lower case, no accents, apostrophes dropped, other punctuation as spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("'", "").replace("’", "")
    return text


def _tokens(clause):
    return _NOT_WORD.sub(" ", clause.replace("+", " ")).split()


def parse_keywords(spec):
    """Parse a keyword list into ``[(tokens, positive)]``; bad entries are skipped."""
    result = []
    for raw in re.split(r"[,\n]", spec or ""):
        raw = normalize(raw).strip()
        positive = raw.startswith("+")
        words = _NOT_WORD.sub(" ", raw.lstrip("+")).split()
        words = [w for w in words if w.strip("*")]
        if words:
            result.append((tuple(words), positive))
    return result


def _word_matches(pattern, word):
    if pattern.endswith("*"):
        return word.startswith(pattern[:-1])
    return word == pattern


def _occurrences(tokens, words):
    size = len(words)
    for start in range(len(tokens) - size + 1):
        if all(_word_matches(p, tokens[start + i]) for i, p in enumerate(words)):
            yield start


def match_polarity(text, keywords):
    """``negative``, ``positive`` or ``None`` for one typology's parsed keywords.

    Any complaint wins over praise: "amables pero tuve que esperar" is negative.
    """
    found = None
    for clause in _CLAUSES.split(normalize(text)):
        tokens = _tokens(clause)
        for words, positive in keywords:
            for start in _occurrences(tokens, words):
                window = tokens[max(0, start - NEGATION_WINDOW) : start]
                negated = any(t in NEGATIONS for t in window)
                if positive != negated:
                    found = found or POSITIVE
                else:
                    return NEGATIVE
    return found


def tag_text(text, typologies):
    """Tag ``text`` with ``{code: polarity}`` for ``typologies`` = ``{code: spec}``."""
    tags = {}
    for code, spec in typologies.items():
        keywords = spec if isinstance(spec, list) else parse_keywords(spec)
        polarity = match_polarity(text, keywords)
        if polarity:
            tags[code] = polarity
    return tags
