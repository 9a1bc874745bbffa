"""Full-text search helpers shared by the search wizard and the benchmark."""

import re

# Text search configurations created by the addon: the stock ones plus unaccent.
CONFIGS = ("cs_es", "cs_en")


def clean_query(text):
    """Keep what websearch_to_tsquery understands; collapse blanks."""
    return re.sub(r"\s+", " ", (text or "").replace("\x00", "")).strip()


def tsvector_sql(expression):
    """SQL of the indexed tsvector of ``expression`` in both languages."""
    parts = " || ".join(
        f"to_tsvector('{config}'::regconfig, coalesce({expression}, ''))"
        for config in CONFIGS
    )
    return f"({parts})"


def tsquery_sql(placeholder="%s"):
    """SQL of the query in both languages; the placeholder appears twice."""
    parts = " || ".join(
        f"websearch_to_tsquery('{config}'::regconfig, {placeholder})"
        for config in CONFIGS
    )
    return f"({parts})"
