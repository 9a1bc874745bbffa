"""Loyalty eligibility, tiers and follow-up scheduling, without the database."""

from datetime import timedelta

SATISFACTION_ORDER = {"unhappy": 0, "neutral": 1, "happy": 2}


def eligibility_failures(
    stats,
    min_invoices=0,
    min_spent=0.0,
    min_tenure_days=0,
    require_satisfied=False,
):
    """Return the keys of the eligibility rules that ``stats`` does not meet.

    ``stats`` holds ``invoice_count``, ``total_spent``, ``tenure_days`` and
    ``last_satisfaction`` ("happy", "neutral", "unhappy" or None). An empty list means
    eligible. A rule at zero (or False) is not applied. A customer who never answered
    is not refused for satisfaction: only a last answer that is not happy is.
    """
    failures = []
    if min_invoices and stats.get("invoice_count", 0) < min_invoices:
        failures.append("invoices")
    if min_spent and stats.get("total_spent", 0.0) < min_spent:
        failures.append("spent")
    if min_tenure_days and stats.get("tenure_days", 0) < min_tenure_days:
        failures.append("tenure")
    last = stats.get("last_satisfaction")
    if require_satisfied and last and last != "happy":
        failures.append("satisfaction")
    return failures


def tier_for_points(tiers, points):
    """Pick the tier key whose threshold is the highest one reached by ``points``.

    ``tiers`` is an iterable of ``(key, min_points)``; returns None when no tier is
    reached.
    """
    best = None
    best_min = None
    for key, min_points in tiers:
        if points >= min_points and (best_min is None or min_points > best_min):
            best, best_min = key, min_points
    return best


def satisfaction_from_rating(rate):
    """Map a rating value (1, 3, 5 in Odoo's rating scale) to a satisfaction key."""
    if not rate:
        return None
    if rate >= 4:
        return "happy"
    if rate >= 2.5:
        return "neutral"
    return "unhappy"


def next_step(steps, current_offset=None):
    """Return the step after ``current_offset`` among ``(key, day_offset)`` pairs.

    Steps run in day-offset order; ``current_offset`` None asks for the first one.
    """
    ordered = sorted(steps, key=lambda step: step[1])
    for key, offset in ordered:
        if current_offset is None or offset > current_offset:
            return key, offset
    return None


def due_date(start_date, day_offset):
    return start_date + timedelta(days=day_offset)


def anniversary_years(start_date, today):
    """Number of full years between ``start_date`` and ``today`` when today is an
    anniversary, else 0 (29 February counts on 28 February of common years)."""
    if not start_date or today <= start_date:
        return 0
    same_day = (today.month, today.day) == (start_date.month, start_date.day)
    leap_case = (
        (start_date.month, start_date.day) == (2, 29)
        and (today.month, today.day) == (2, 28)
        and not _is_leap(today.year)
    )
    if same_day or leap_case:
        return today.year - start_date.year
    return 0


def _is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def rewards_within_reach(rewards, points, next_count=2):
    """Split rewards into those ``points`` reach and the next ones still ahead.

    ``rewards`` is an iterable of ``(key, required_points)``. Returns ``(reached,
    ahead)``: ``reached`` lists ``(key, required_points)`` from the cheapest up,
    ``ahead`` the ``next_count`` cheapest rewards not reached as ``(key,
    required_points, missing_points)``.
    """
    ordered = sorted(rewards, key=lambda reward: (reward[1], reward[0]))
    reached = [(key, needed) for key, needed in ordered if needed <= points]
    ahead = [
        (key, needed, needed - points) for key, needed in ordered if needed > points
    ]
    return reached, ahead[: max(next_count, 0)]
