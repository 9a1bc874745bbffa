"""Deadline arithmetic for SLAs and complaints, without database access."""

from bisect import bisect_right
from datetime import datetime, timedelta

WEEKEND = (5, 6)


def is_business_day(day, holidays=frozenset(), weekend=WEEKEND):
    return day.weekday() not in weekend and day not in holidays


def next_business_day(day, holidays=frozenset(), weekend=WEEKEND):
    while not is_business_day(day, holidays, weekend):
        day += timedelta(days=1)
    return day


def add_days(start, days, day_type="business", holidays=frozenset(), weekend=WEEKEND):
    """Return the last day of a legal term of ``days`` days starting after ``start``.

    Business days skip weekends and ``holidays``. With calendar days every day counts,
    but a term ending on a non-business day moves to the next business day, as Spanish
    administrative law does.
    """
    if isinstance(start, datetime):
        start = start.date()
    if days < 0:
        raise ValueError("days must be positive")
    if day_type == "calendar":
        return next_business_day(start + timedelta(days=days), holidays, weekend)
    if day_type != "business":
        raise ValueError(f"unknown day type {day_type!r}")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_business_day(day, holidays, weekend):
            remaining -= 1
    return day


def pick_deadline_rule(rules, company_id, state_id, default=(15, "business")):
    """Choose the complaint term for a company and region.

    ``rules`` are dicts with company_id, state_id (False for the company default),
    days and day_type. A regional rule beats the company default, which beats
    ``default`` (15 business days, the Spanish general term).
    """
    regional = company_wide = None
    for rule in rules:
        if rule["company_id"] != company_id:
            continue
        if rule["state_id"] and rule["state_id"] == state_id:
            regional = regional or rule
        elif not rule["state_id"]:
            company_wide = company_wide or rule
    rule = regional or company_wide
    return (rule["days"], rule["day_type"]) if rule else default


def percent_consumed(elapsed_hours, target_hours):
    if not target_hours or target_hours <= 0:
        return 0.0
    return max(0.0, elapsed_hours) * 100.0 / target_hours


def sla_status(percent, at_risk_percent):
    if percent >= 100.0:
        return "breached"
    if percent >= at_risk_percent:
        return "at_risk"
    return "on_track"


class WorkTimeline:
    """Working intervals with cumulated hours, answering in O(log n).

    ``intervals`` are sorted, non-overlapping (start, stop) naive datetimes.
    """

    def __init__(self, intervals):
        self.starts = []
        self.stops = []
        self.cumul = []
        total = 0.0
        for start, stop in intervals:
            if stop <= start:
                continue
            self.starts.append(start)
            self.stops.append(stop)
            self.cumul.append(total)
            total += (stop - start).total_seconds() / 3600.0
        self.total = total

    def hours_until(self, moment):
        """Working hours between the first interval and ``moment``."""
        index = bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        stop = min(moment, self.stops[index])
        return self.cumul[index] + (stop - self.starts[index]).total_seconds() / 3600.0

    def hours_between(self, start, stop):
        if stop <= start:
            return 0.0
        return self.hours_until(stop) - self.hours_until(start)

    def add_hours(self, start, hours):
        """The moment ``hours`` working hours after ``start``; None past the end."""
        target = self.hours_until(start) + hours
        if target > self.total + 1e-9 or not self.starts:
            return None
        index = bisect_right(self.cumul, target) - 1
        index = max(index, 0)
        # Land at the end of an interval rather than the start of the next one.
        if index and abs(self.cumul[index] - target) < 1e-9:
            index -= 1
        moment = self.starts[index] + timedelta(hours=target - self.cumul[index])
        return max(moment, start) if hours <= 0 else moment
