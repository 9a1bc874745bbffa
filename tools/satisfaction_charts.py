"""PNG charts for the satisfaction report, drawn with matplotlib's Agg backend.

matplotlib is the most widely kept Python plotting library, renders without a
display and produces PNG that wkhtmltopdf embeds as a data URI. It is imported
when a chart is drawn, not when the server loads the addon: it costs tens of
megabytes and about a second that only report generation needs.
"""

import io

COLORS = {"csat": "#1f77b4", "nps": "#2ca02c", "prev": "#bbbbbb", "bar": "#ff7f0e"}


def _figure(size):
    # Figure (not pyplot) keeps no global state between server requests and needs
    # no backend to be chosen: savefig renders through Agg.
    from matplotlib.figure import Figure

    return Figure(figsize=size)


def _png(figure):
    buffer = io.BytesIO()
    # tight_layout measures the texts without drawing; bbox_inches="tight" drew
    # each chart twice, and the charts were half of the report's generation time.
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def trend_chart_png(months, title="", csat_label="CSAT %", nps_label="NPS"):
    """Line chart of CSAT % and NPS per month.

    ``months`` = [(label, csat, nps, ces)].
    """
    figure = _figure((7, 3))
    axes = figure.subplots()
    labels = [m[0] for m in months]
    for index, (label, color) in (
        (1, (csat_label, COLORS["csat"])),
        (2, (nps_label, COLORS["nps"])),
    ):
        values = [m[index] for m in months]
        points = [(x, v) for x, v in enumerate(values) if v is not None]
        if points:
            axes.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                marker="o",
                color=color,
                label=label,
            )
    axes.set_xticks(range(len(labels)), labels)
    axes.set_ylim(-100, 100)
    axes.axhline(0, color="#888888", linewidth=0.6)
    axes.grid(axis="y", alpha=0.3)
    if months:
        axes.legend(loc="lower left")
    axes.set_title(title)
    return _png(figure)


def bar_chart_png(bars, title="", current_label="", previous_label=""):
    """Grouped bars of a KPI per segment, this period against the previous one.

    ``bars`` = [(label, current, previous)] with None for missing values.
    """
    figure = _figure((7, 3))
    axes = figure.subplots()
    xs = range(len(bars))
    width = 0.38
    axes.bar(
        [x - width / 2 for x in xs],
        [b[2] or 0 for b in bars],
        width,
        color=COLORS["prev"],
        label=previous_label,
    )
    axes.bar(
        [x + width / 2 for x in xs],
        [b[1] or 0 for b in bars],
        width,
        color=COLORS["bar"],
        label=current_label,
    )
    axes.set_xticks(list(xs), [b[0] for b in bars], rotation=20, ha="right")
    axes.set_ylim(-100, 100)
    axes.axhline(0, color="#888888", linewidth=0.6)
    axes.grid(axis="y", alpha=0.3)
    if bars:
        axes.legend(loc="lower left")
    axes.set_title(title)
    return _png(figure)
