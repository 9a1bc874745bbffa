"""Conclusions of a satisfaction report, drafted by explicit rules.

Each rule reads the KPIs of the period, of the previous period and of the
segments (channel, team, category...) and may add one sentence. ``env`` only
serves ``env._``, the translation function: the report passes an environment in
its own language, so the sentences come out in that language whoever generates it.
"""

from .satisfaction_metrics import delta

# Smallest change worth a sentence, per KPI.
THRESHOLDS = {"nps": 5.0, "csat": 3.0, "ces": 0.3, "response_rate": 5.0}
# A CES rise is bad news; every other KPI rising is good news.
LOWER_IS_BETTER = {"ces"}
# Segments with fewer answers do not drive a conclusion.
MIN_SEGMENT_ANSWERS = 5


def _fmt(value, kpi):
    if kpi == "ces":
        return f"{value:.1f}"
    return f"{value:.0f}"


def _signed(value, kpi):
    return ("+" if value >= 0 else "") + _fmt(value, kpi)


def _driver(kpi, change, segments):
    """Segment whose own change goes the same way as the total and is largest."""
    best = None
    for segment in segments:
        if (segment["current"].get("answered") or 0) < MIN_SEGMENT_ANSWERS:
            continue
        seg_change = delta(
            segment["current"].get(kpi), (segment.get("previous") or {}).get(kpi)
        )
        if seg_change is None or seg_change * change <= 0:
            continue
        if best is None or abs(seg_change) > abs(best[1]):
            best = (segment, seg_change)
    return best


def draft_conclusions(env, current, previous, segments=(), labels=None, extra=None):
    """Return a list of sentences.

    ``current``/``previous``: dicts from ``satisfaction_metrics.kpis`` (previous may
    be None). ``segments``: dicts with ``label`` (e.g. "the Phone channel"),
    ``current``, ``previous`` and optionally ``sla_breaches``/``sla_breaches_prev``.
    ``labels``: KPI display names. ``extra``: optional facts, keys
    ``worst_category`` (name, csat, complaints), ``sla_detractor`` (rate breached,
    rate on track, n breached), ``top_typology`` (name, count).
    """
    labels = labels or {
        "nps": "NPS",
        "csat": "CSAT",
        "ces": "CES",
        "response_rate": env._("Response rate"),
    }
    extra = extra or {}
    sentences = []
    if not current.get("answered"):
        return [
            env._("No answer was received in the period: nothing can be concluded.")
        ]
    if current.get("small_sample"):
        ci = current.get("csat_ci")
        if ci:
            sentences.append(
                env._(
                    "Only %(n)s answers: the figures are indicative (CSAT between "
                    "%(low)s%% and %(high)s%% with 95%% confidence).",
                    n=current["answered"],
                    low=f"{ci[0]:.0f}",
                    high=f"{ci[1]:.0f}",
                )
            )
        else:
            sentences.append(
                env._(
                    "Only %(n)s answers: the figures are indicative.",
                    n=current["answered"],
                )
            )
    for kpi in ("nps", "csat", "ces", "response_rate"):
        value = current.get(kpi)
        if value is None:
            continue
        change = delta(value, (previous or {}).get(kpi))
        if change is None:
            continue
        if abs(change) < THRESHOLDS[kpi]:
            sentences.append(
                env._(
                    "%(kpi)s was stable at %(value)s (%(change)s against the previous "
                    "period).",
                    kpi=labels[kpi],
                    value=_fmt(value, kpi),
                    change=_signed(change, kpi),
                )
            )
            continue
        unit = env._("points") if kpi != "ces" else env._("points on the 1-7 scale")
        if change > 0:
            sentence = env._(
                "%(kpi)s rose %(amount)s %(unit)s against the previous period, to "
                "%(value)s",
                kpi=labels[kpi],
                amount=_fmt(abs(change), kpi),
                unit=unit,
                value=_fmt(value, kpi),
            )
        else:
            sentence = env._(
                "%(kpi)s fell %(amount)s %(unit)s against the previous period, to "
                "%(value)s",
                kpi=labels[kpi],
                amount=_fmt(abs(change), kpi),
                unit=unit,
                value=_fmt(value, kpi),
            )
        driver = _driver(kpi, change, segments)
        if driver:
            segment, seg_change = driver
            sentence += env._(
                ", driven by %(segment)s (%(change)s)",
                segment=segment["label"],
                change=_signed(seg_change, kpi),
            )
            now, before = segment.get("sla_breaches"), segment.get("sla_breaches_prev")
            bad_news = (change > 0) == (kpi in LOWER_IS_BETTER)
            if bad_news and now and before and now >= 2 * before:
                sentence += env._(
                    ", where SLA breaches went from %(before)s to %(now)s",
                    before=before,
                    now=now,
                )
        sentences.append(sentence + ".")
    worst = extra.get("worst_category")
    if worst:
        sentences.append(
            env._(
                "Category %(name)s has both the most complaints (%(complaints)s) and "
                "the lowest CSAT (%(csat)s%%).",
                name=worst["name"],
                complaints=worst["complaints"],
                csat=f"{worst['csat']:.0f}",
            )
        )
    sla = extra.get("sla_detractor")
    if sla and sla["breached_rate"] is not None and sla["on_track_rate"] is not None:
        if sla["breached_rate"] - sla["on_track_rate"] >= 10:
            sentences.append(
                env._(
                    "SLA breaches predict detractors: %(breached)s%% of customers "
                    "whose ticket breached its SLA were detractors, against "
                    "%(on_track)s%% of the others.",
                    breached=f"{sla['breached_rate']:.0f}",
                    on_track=f"{sla['on_track_rate']:.0f}",
                )
            )
    top = extra.get("top_typology")
    if top:
        sentences.append(
            env._(
                "The most frequent complaint in comments is %(name)s (%(count)s "
                "comments).",
                name=top["name"],
                count=top["count"],
            )
        )
    return sentences
