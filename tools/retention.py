"""Retention deadlines of handed-in documents."""

from dateutil.relativedelta import relativedelta


def retention_end(received, months):
    """Date until which a document received on ``received`` must be kept.

    ``months`` of 0 means the document is kept for ever (None).
    """
    if not received or not months:
        return None
    day = received.date() if hasattr(received, "date") else received
    return day + relativedelta(months=months)


def past_retention(received, months, today, legal_hold=False):
    """True when the document may be archived: its period ended and no hold."""
    end = retention_end(received, months)
    return bool(end) and not legal_hold and end < today
