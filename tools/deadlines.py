"""Deadline arithmetic for SLAs and complaints, without database access."""

from bisect import bisect_right
from datetime import datetime, time, timedelta

import pytz

WEEKEND = (5, 6)
# Kinds of request whose answer has a legal term even without a configured one
# (Ley 10/2025 de servicios de atención a la clientela: 15 business days).
LEGAL_TERM_KINDS = ("complaint", "claim")
DEFAULT_TERM = (15, "business")


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


def pick_deadline_rule(
    rules, company_id, state_id, default=DEFAULT_TERM, kind="complaint"
):
    """Choose the response term for a company, region and kind of request.

    ``rules`` are dicts with company_id, state_id (False for the company default),
    days, day_type and optionally kind (``"complaint"`` when missing). A regional
    rule beats the company default, which beats ``default``. Complaints and claims
    fall back on ``default`` (15 business days, the Spanish general term); other
    kinds have no term unless one is configured, and get None.
    """
    if kind not in LEGAL_TERM_KINDS:
        default = None
    regional = company_wide = None
    for rule in rules:
        if rule["company_id"] != company_id or rule.get("kind", "complaint") != kind:
            continue
        if rule["state_id"] and rule["state_id"] == state_id:
            regional = regional or rule
        elif not rule["state_id"]:
            company_wide = company_wide or rule
    rule = regional or company_wide
    return (rule["days"], rule["day_type"]) if rule else default


def leave_days(date_from, date_to, tz):
    """Days a time off covers, read in ``tz``: those whose local noon it contains.

    ``date_from``/``date_to`` are naive UTC datetimes, as Odoo stores them. Noon
    makes the answer robust to a holiday entered in another time zone or as
    00:00-23:59 UTC: it never spills onto the day before or after.
    """
    zone = pytz.timezone(tz or "UTC")
    start = pytz.utc.localize(date_from).astimezone(zone)
    stop = pytz.utc.localize(date_to).astimezone(zone)
    days = []
    day = start.date()
    while day <= stop.date():
        noon = zone.localize(datetime.combine(day, time(12)))
        if start <= noon <= stop:
            days.append(day)
        day += timedelta(days=1)
    return days


def applicable_holidays(holidays, places):
    """The days off that count for a term between the given places.

    ``holidays`` are (day, country_id, state_ids) tuples: no country and no state
    means everywhere, a country without states its whole territory, states only
    those regions. ``places`` are (country_id, state_id) pairs, typically the
    company's seat and the customer's address: a day off at either counts, as
    article 30.6 of Ley 39/2015 does for administrative terms.
    """
    countries = {country for country, _state in places if country}
    states = {state for _country, state in places if state}
    days = set()
    for day, country_id, state_ids in holidays:
        if state_ids:
            if states & set(state_ids):
                days.add(day)
        elif not country_id or country_id in countries:
            days.add(day)
    return frozenset(days)


def deadline_status(deadline, alert_date, response_date, today, answered=False):
    """State of a legal response term, for badges and filters.

    ``answered`` marks a request closed without a response date (queries and
    incidents are answered by closing them).
    """
    if not deadline:
        return False
    if response_date:
        return "answered" if response_date <= deadline else "answered_late"
    if answered:
        return "answered"
    if deadline < today:
        return "overdue"
    if alert_date and alert_date <= today:
        return "due_soon"
    return "on_time"


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


# Points of SLA consumed an evaluator pass lets the stored value lag behind.
SLA_STORE_STEP = 1.0


def sla_consumed_to_store(stored, fresh, stored_status, fresh_status):
    """Whether a pass writes ``fresh`` over the ``stored`` SLA consumed (%).

    The clock moves every open ticket a little each pass; rewriting every row for
    hundredths of a point costs a whole table of index entries. The value is
    stored when the status changes, when it is off by SLA_STORE_STEP points or
    more, or when it crosses 100 (the breach), in either direction.
    """
    if stored is None or fresh_status != stored_status:
        return True
    if (stored >= 100.0) != (fresh >= 100.0):
        return True
    return abs(fresh - stored) >= SLA_STORE_STEP


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
