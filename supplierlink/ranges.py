"""The sensible range of every number and date people type, in one table.

Forms check these (``supplierlink.forms``), services check them again, and the database has a
CHECK constraint for each (migration 0009): a value outside them is refused with a message
instead of being stored and breaking a page later.
"""

from __future__ import annotations

import math
from datetime import date

from flask_babel import lazy_gettext as _l

#: name -> (lowest, highest)
UNGROUPED = {"year"}
NUMBERS = {
    "employees": (0, 10_000_000),
    "capacity": (0, 1e12),
    "value_usd": (0, 1e13),
    "year": (1950, 2100),
    "kpi": (0, 1e13),
    "percent": (0, 100),
    "target_count": (1, 100_000),
    "version": (0, 2 ** 63 - 1),
}
#: Dates before or after these are typing mistakes (a milestone on 1900-01-01).
EARLIEST, LATEST = date(1950, 1, 1), date(2100, 12, 31)
#: The longest text any single field takes.
TEXT_MAX = 8000



def number_message(name: str):
    low, high = NUMBERS[name]
    show = str if name in UNGROUPED else _show  # a year reads 1950, not 1,950
    return _l("Give a number between %(low)s and %(high)s.", low=show(low), high=show(high))


def number_problem(value, name: str):
    """None when ``value`` is finite and within the named range, else the message."""
    low, high = NUMBERS[name]
    try:
        ok = value is None or (math.isfinite(value) and low <= value <= high)
    except (TypeError, OverflowError):
        ok = False
    return None if ok else number_message(name)


def date_problem(value: date | None):
    if value is None or EARLIEST <= value <= LATEST:
        return None
    return _l("Give a date between %(low)s and %(high)s.", low=EARLIEST.isoformat(),
              high=LATEST.isoformat())


def check_numbers(errors: dict, **values) -> None:
    """Add a message to ``errors`` for each ``field=(value, range name)`` out of range."""
    for field, (value, name) in values.items():
        problem = number_problem(value, name)
        if problem:
            errors.setdefault(field, []).append(problem)


def check_dates(errors: dict, **values) -> None:
    for field, value in values.items():
        problem = date_problem(value)
        if problem:
            errors.setdefault(field, []).append(problem)


def _show(number) -> str:
    return f"{number:,.0f}" if abs(number) >= 10_000 else f"{number:g}"
