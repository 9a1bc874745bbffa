"""Satisfaction metrics from raw counts: CSAT, NPS, CES, response rate, intervals.

Everything works on counts so that SQL can aggregate and Python only divides.
Empty samples give ``None``, never zero: "no answer" is not "all unhappy".
"""

import math
from datetime import timedelta

from dateutil.relativedelta import relativedelta

SMALL_SAMPLE = 30
Z95 = 1.959963984540054

CSAT_SATISFIED_MIN = 4  # top-2-box on a 1-5 scale
CSAT_LOW_MAX = 2
NPS_PROMOTER_MIN = 9
NPS_DETRACTOR_MAX = 6
CES_HIGH_MIN = 5  # 5, 6 or 7 on a 1-7 "effort" scale


def nps_class(score):
    """``promoter``, ``passive`` or ``detractor`` for a 0-10 answer (None if none)."""
    if score is None:
        return None
    if score >= NPS_PROMOTER_MIN:
        return "promoter"
    if score <= NPS_DETRACTOR_MAX:
        return "detractor"
    return "passive"


def csat_pct(satisfied, n):
    """Share of satisfied answers (4 or 5 out of 5), in percent."""
    return None if not n else 100.0 * satisfied / n


def nps(promoters, detractors, n):
    """Net promoter score: % promoters minus % detractors, from -100 to 100."""
    return None if not n else 100.0 * (promoters - detractors) / n


def nps_from_scores(scores):
    scores = [s for s in scores if s is not None]
    promoters = sum(1 for s in scores if s >= NPS_PROMOTER_MIN)
    detractors = sum(1 for s in scores if s <= NPS_DETRACTOR_MAX)
    return nps(promoters, detractors, len(scores))


def mean(total, n):
    return None if not n else total / n


def response_rate(answered, sent):
    return None if not sent else 100.0 * answered / sent


def is_small_sample(n):
    return n < SMALL_SAMPLE


def wilson_interval(successes, n, z=Z95):
    """Wilson score interval of a proportion, in percent; ``None`` when n is 0.

    Unlike the normal approximation it stays inside [0, 100] and behaves on small
    samples and on 0 % or 100 % observed shares.
    """
    if not n:
        return None
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half))


def nps_interval(promoters, detractors, n, z=Z95):
    """Normal interval of the NPS (a mean of +1/0/-1 scores), clipped to [-100, 100].

    With fewer than two answers the spread is unknown and the whole range is
    returned.
    """
    if not n:
        return None
    if n < 2:
        return (-100.0, 100.0)
    p, d = promoters / n, detractors / n
    variance = p + d - (p - d) ** 2
    half = z * math.sqrt(variance / n)
    centre = p - d
    return (100.0 * max(-1.0, centre - half), 100.0 * min(1.0, centre + half))


def mean_interval(total, total_sq, n, low=1.0, high=7.0, z=Z95):
    """Normal interval of a mean from its sum and sum of squares, within the scale."""
    if not n:
        return None
    if n < 2:
        return (low, high)
    avg = total / n
    variance = max(0.0, (total_sq - n * avg * avg) / (n - 1))
    half = z * math.sqrt(variance / n)
    return (max(low, avg - half), min(high, avg + half))


def delta(current, previous):
    """Change against the previous period; ``None`` when either side is unknown."""
    if current is None or previous is None:
        return None
    return current - previous


# Counts the KPIs are computed from, in the order the reports' SQL selects them.
COUNT_KEYS = (
    "sent",
    "answered",
    "csat_n",
    "csat_sat",
    "nps_n",
    "promoters",
    "detractors",
    "ces_n",
    "ces_sum",
    "ces_sumsq",
)


def kpis(counts):
    """KPIs and intervals from a dict of counts.

    Keys read (missing ones count as 0): sent, answered, csat_n, csat_sat, nps_n,
    promoters, detractors, ces_n, ces_sum, ces_sumsq.
    """
    c = {key: counts.get(key) or 0 for key in COUNT_KEYS}
    n = c["answered"]
    return {
        "sent": c["sent"],
        "answered": n,
        "csat": csat_pct(c["csat_sat"], c["csat_n"]),
        "nps": nps(c["promoters"], c["detractors"], c["nps_n"]),
        "ces": mean(c["ces_sum"], c["ces_n"]),
        "response_rate": response_rate(n, c["sent"]),
        "small_sample": is_small_sample(n),
        "csat_ci": wilson_interval(c["csat_sat"], c["csat_n"]),
        "nps_ci": nps_interval(c["promoters"], c["detractors"], c["nps_n"]),
        "ces_ci": mean_interval(c["ces_sum"], c["ces_sumsq"], c["ces_n"]),
        "detractors": c["detractors"],
    }


def previous_period(date_from, date_to):
    """The period just before ``date_from``..``date_to`` (both included).

    Whole months map to the same number of months before (a quarter to the previous
    quarter); any other period to the same number of days before.
    """
    if date_from.day == 1 and (date_to + timedelta(days=1)).day == 1:
        months = (
            (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        )
        return date_from - relativedelta(months=months), date_from - timedelta(days=1)
    length = date_to - date_from
    prev_to = date_from - timedelta(days=1)
    return prev_to - length, prev_to
