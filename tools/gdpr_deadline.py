"""Deadlines of data-subject requests (GDPR Art. 12(3)).

A period expressed in months ends on the same day of the month as the day of receipt;
when that month has no such day, it ends on that month's last day (EU Regulation
1182/71, Art. 3(2)(c)). 31 January plus one month is 28 February, or 29 in a leap year.
"""

import calendar
import datetime

RESPONSE_MONTHS = 1
EXTENSION_MONTHS = 2


def add_months(day, months):
    """Move ``day`` forward by ``months``, clamped to the last day of the month."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day))


def response_deadline(received, extended=False):
    """Deadline to answer a request received on ``received`` (a date).

    One month, or three months in all when the controller extended it (Art. 12(3)).
    The extension counts from receipt, not from the first deadline, so the month-end
    rule is applied once to the whole period.
    """
    if not received:
        return False
    months = RESPONSE_MONTHS + (EXTENSION_MONTHS if extended else 0)
    return add_months(received, months)


def days_left(deadline, today):
    """Days from ``today`` to ``deadline``; negative when overdue."""
    return (deadline - today).days
