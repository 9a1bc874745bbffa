"""Opening hours of a working calendar as one line of text for customers."""


def format_hour(value):
    hours = int(value)
    minutes = round((value - hours) * 60)
    if minutes == 60:
        hours, minutes = hours + 1, 0
    return f"{hours:02d}:{minutes:02d}"


def opening_hours_text(attendances, day_names, day_separator="-", list_separator=", "):
    """Summarise attendances as "Mon-Fri 09:00-14:00, 15:00-18:00; Sat 10:00-13:00".

    ``attendances`` is an iterable of (dayofweek 0-6, hour_from, hour_to);
    ``day_names`` maps 0-6 to the (translated) short day names. Consecutive days with
    the same intervals are merged into a range.
    """
    by_day = {}
    for day, hour_from, hour_to in attendances:
        by_day.setdefault(int(day), []).append((hour_from, hour_to))
    slots = {}
    for day, intervals in by_day.items():
        merged = []
        for start, end in sorted(intervals):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        slots[day] = list_separator.join(
            f"{format_hour(start)}{day_separator}{format_hour(end)}"
            for start, end in merged
        )
    groups = []
    for day in sorted(slots):
        if groups and groups[-1][1] == day - 1 and groups[-1][2] == slots[day]:
            groups[-1][1] = day
        else:
            groups.append([day, day, slots[day]])
    parts = []
    for first, last, text in groups:
        days = (
            day_names[first]
            if first == last
            else f"{day_names[first]}{day_separator}{day_names[last]}"
        )
        parts.append(f"{days} {text}")
    return "; ".join(parts)
