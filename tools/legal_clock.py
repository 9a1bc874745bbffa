"""The Ley 10/2025 legal clock of a demand, without database access."""

from datetime import timedelta

from .deadlines import add_days, is_business_day

# Art. 14 Ley 10/2025 (as summarised): 15 business days unless a sector rule says
# otherwise. Companies may change it in the settings; this is the law's default.
LEGAL_TERM_DAYS = 15
LEGAL_CLOCK_KINDS = ("query", "incident", "complaint", "claim")
# Outcomes that reject a complaint in whole or in part: the answer must name the
# dispute-resolution body (art. 40 Ley 7/2017).
REJECTING_OUTCOMES = ("rejected", "partly_upheld")


def pick_legal_term(default_days, sector_days=0, sheet_days=0):
    """Days of the legal term: a regional complaint sheet's term beats the sector's
    term, which beats the company default. Zero or empty means "not set"."""
    for days in (sheet_days, sector_days, default_days):
        if days and days > 0:
            return days
    return LEGAL_TERM_DAYS


def business_days_between(start, end, holidays=frozenset()):
    """Business days after ``start`` up to and including ``end`` (dates).

    A pause started on Monday and ended on Wednesday stops the clock on Tuesday and
    Wednesday: it runs again the day after the customer answered, as a term counts
    from the day after its start.
    """
    if not start or not end or end <= start:
        return 0
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_business_day(day, holidays):
            count += 1
        day += timedelta(days=1)
    return count


def legal_deadline(start, days, paused_days=0, holidays=frozenset()):
    """Last day to answer: ``days`` business days after ``start``, extended by the
    business days the clock was paused."""
    if not start or not days:
        return None
    return add_days(start, days + max(paused_days or 0, 0), "business", holidays)


def legal_state(deadline, alert_date, answered_on, today, paused=False):
    """Where the legal clock stands: answered (on time or late), paused while
    waiting on the customer, overdue, due soon or running."""
    if not deadline:
        return False
    if answered_on:
        return "answered" if answered_on <= deadline else "answered_late"
    if paused:
        return "paused"
    if deadline < today:
        return "overdue"
    if alert_date and alert_date <= today:
        return "due_soon"
    return "running"


def needs_late_justification(deadline, answered_on, justification):
    """True when a demand answered after its deadline has no justification."""
    return bool(
        deadline
        and answered_on
        and answered_on > deadline
        and not (justification or "").strip()
    )


def mentions_body(text, body):
    """True when ``text`` names the dispute-resolution ``body`` (case and spacing
    insensitive), as the answer to a rejected complaint must."""
    if not body or not text:
        return False

    def squash(value):
        return " ".join(value.casefold().split())

    return squash(body) in squash(text)
