"""Geometry of the dashboard charts, drawn by the templates as inline SVG.

No script and no style attribute is needed (the Content-Security-Policy forbids both): every
position and size is an SVG attribute computed here.
"""

from __future__ import annotations

from datetime import date

WIDTH = 640
PLOT_LEFT = 48
PLOT_RIGHT = 16
PLOT_TOP = 16
PLOT_BOTTOM = 28
PROGRESS_HEIGHT = 220
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 230


def _r(value: float) -> float:
    return round(value, 1)


def progress_chart(reached: list[date], target: int, start: date, deadline: date, today: date,
                   projected: date | None) -> dict:
    """Cumulative suppliers reaching the target over time, the target line, the deadline and,
    when there is a pace, the projection from today to the projected date."""
    end = max(d for d in (deadline, today, projected or deadline))
    span = max((end - start).days, 1)
    plot_w = WIDTH - PLOT_LEFT - PLOT_RIGHT
    plot_h = PROGRESS_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    top_value = max(target, len(reached), 1)

    def x(day: date) -> float:
        return _r(PLOT_LEFT + (max(day, start) - start).days / span * plot_w)

    def y(count: float) -> float:
        return _r(PLOT_TOP + plot_h - count / top_value * plot_h)

    points = [(x(start), y(0))]
    for count, day in enumerate(sorted(d for d in reached if d <= today), start=1):
        points += [(x(day), y(count - 1)), (x(day), y(count))]
    achieved = sum(1 for d in reached if d <= today)
    points.append((x(today), y(achieved)))
    projection = None
    if projected is not None and achieved < target:
        projection = {"x1": x(today), "y1": y(achieved), "x2": x(projected), "y2": y(target)}
    return {
        "width": WIDTH, "height": PROGRESS_HEIGHT,
        "points": " ".join(f"{px},{py}" for px, py in points),
        "target_y": y(target), "left": PLOT_LEFT, "right": WIDTH - PLOT_RIGHT,
        "baseline_y": y(0), "top": PLOT_TOP,
        "deadline_x": x(deadline), "today_x": x(today), "projection": projection,
        "start": start, "end": end, "target": target, "achieved": achieved,
    }


def bar_chart(rows: list[tuple[str, float]]) -> dict:
    """Horizontal bars, one per ``(label, value)``, scaled to the largest value."""
    top = max((value for _, value in rows), default=0) or 1
    bar_w = WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        bars.append({"label": label, "value": value, "y": y, "text_y": y + BAR_HEIGHT * 0.7,
                     "x": LABEL_WIDTH, "width": _r(max(value, 0) / top * bar_w),
                     "value_x": _r(LABEL_WIDTH + max(value, 0) / top * bar_w + 6)})
    return {"width": WIDTH, "height": max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
            "bar_height": BAR_HEIGHT, "label_width": LABEL_WIDTH - 8, "bars": bars}


def diverging_chart(rows: list[tuple[str, float | None]]) -> dict:
    """Bars left (decrease) or right (increase) of a zero line, for median % changes; a row
    without a value (no supplier with a non-zero baseline) gets no bar."""
    values = [abs(v) for _, v in rows if v is not None]
    top = max(values, default=0) or 1
    half = (WIDTH - LABEL_WIDTH - 70) / 2
    zero = LABEL_WIDTH + half
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        length = 0 if value is None else abs(value) / top * half
        x = zero if (value or 0) >= 0 else zero - length
        bars.append({"label": label, "value": value, "y": y, "text_y": y + BAR_HEIGHT * 0.7,
                     "x": _r(x), "width": _r(length), "negative": (value or 0) < 0,
                     "value_x": _r(zero + length + 6 if (value or 0) >= 0 else zero + 6)})
    return {"width": WIDTH, "height": max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
            "bar_height": BAR_HEIGHT, "label_width": LABEL_WIDTH - 8, "zero": _r(zero),
            "bars": bars}
