"""Matching of escalation conditions and SLA policies, without database access."""

import re
import unicodedata

_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def normalize(text):
    """Lower case, accents removed, HTML tags and extra spaces dropped."""
    if not text:
        return ""
    text = _TAGS.sub(" ", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _SPACES.sub(" ", text.casefold()).strip()


def parse_keywords(keywords):
    """Comma or newline separated keywords, normalised; empty ones dropped."""
    return [
        word
        for word in (normalize(part) for part in re.split(r"[,\n;]", keywords or ""))
        if word
    ]


def match_keywords(text, keywords):
    """True when any normalised keyword appears as a word sequence in ``text``."""
    if not keywords:
        return True
    haystack = f" {normalize(text)} "
    return any(
        re.search(rf"(?<!\w){re.escape(word)}(?!\w)", haystack) for word in keywords
    )


def keyword_pattern(word):
    """PostgreSQL regular expression matching a normalised keyword as match_keywords
    does: the word sequence not glued to other word characters.

    Every character that is not a letter or a digit is escaped: in PostgreSQL's
    advanced regular expressions a backslash before such a character makes it
    literal.
    """
    body = "".join(char if char.isalnum() else f"\\{char}" for char in word)
    return rf"(^|[^[:alnum:]_]){body}($|[^[:alnum:]_])"


def keyword_like(word):
    """LIKE pattern of the texts holding ``word`` anywhere: a cheap first filter
    before keyword_pattern's regular expression, which costs far more per row."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def conditions_met(condition, facts):
    """Evaluate the non-domain conditions of a rule on one ticket.

    ``condition``: keywords (list), sla_percent, hours_since_customer, reopen_count
    (0 or None means not used). ``facts``: text, sla_percent, hours_since_customer
    (None when the customer never wrote), reopen_count.
    """
    if condition.get("keywords") and not match_keywords(
        facts.get("text"), condition["keywords"]
    ):
        return False
    if condition.get("sla_percent") and (
        (facts.get("sla_percent") or 0.0) < condition["sla_percent"]
    ):
        return False
    if condition.get("hours_since_customer"):
        hours = facts.get("hours_since_customer")
        if hours is None or hours < condition["hours_since_customer"]:
            return False
    if condition.get("reopen_count") and (
        (facts.get("reopen_count") or 0) < condition["reopen_count"]
    ):
        return False
    return True


def best_policy(policies, team_id, channel_id, priority):
    """The most specific matching SLA policy among (policy, team, channel, priority).

    An empty criterion matches anything; more criteria set win; ties keep list order
    (the caller sorts by sequence).
    """
    best = None
    best_score = -1
    for policy, p_team, p_channel, p_priority in policies:
        if p_team and p_team != team_id:
            continue
        if p_channel and p_channel != channel_id:
            continue
        if p_priority and p_priority != priority:
            continue
        score = bool(p_team) * 4 + bool(p_channel) * 2 + bool(p_priority)
        if score > best_score:
            best, best_score = policy, score
    return best
