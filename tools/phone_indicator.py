"""Ley 10/2025 attention indicator arithmetic, without the database.

The SQL of the dashboard and of the audit report does the same sums; these
functions are the reference the tests hold it to.
"""

from decimal import Decimal

DEFAULT_THRESHOLD_SECONDS = 180
DEFAULT_TARGET_PERCENT = 95.0


def within_threshold(wait_seconds, threshold=DEFAULT_THRESHOLD_SECONDS):
    """True when a wait counts as attended in time: exactly the threshold counts."""
    return wait_seconds is not None and 0 <= wait_seconds <= threshold


def share_percent(in_time, offered):
    """Percentage of ``offered`` attended in time, rounded to 2 decimals; None if 0."""
    if not offered:
        return None
    return round(100.0 * in_time / offered, 2)


def meets_target(in_time, offered, target=DEFAULT_TARGET_PERCENT):
    """True when in_time/offered reaches ``target`` percent (95.0 % meets 95).

    Compared in exact decimals, not floats, so that 19 of 20 is exactly 95 %.
    No call offered meets the target: there was nobody to attend.
    """
    if not offered:
        return True
    return Decimal(in_time) * 100 >= Decimal(str(target)) * Decimal(offered)
