"""Capacity units in the user's language: the controlled list of ``matching.units``."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from matching import units
from supplierlink.i18n import format_number

UNSPECIFIED = units.UNSPECIFIED

UNIT_LABELS = {
    "t_month": _l("tonnes per month"),
    "kg_month": _l("kilograms per month"),
    "m3_month": _l("cubic metres per month"),
    "l_month": _l("litres per month"),
    "m_month": _l("metres per month"),
    "km_month": _l("kilometres per month"),
    "m2_month": _l("square metres per month"),
    "units_month": _l("units per month"),
    "hours_month": _l("hours per month"),
    "samples_month": _l("samples per month"),
    "trips_month": _l("trips per month"),
    "workers_month": _l("workers per month"),
    **{f"value_{c.lower()}": _l("contract value in %(currency)s", currency=c)
       for c in units.CURRENCIES},
    UNSPECIFIED: _l("unit not specified"),
}


def unit_choices(blank: bool = True) -> list[tuple[str, str]]:
    """``(key, label)`` of every unit, in the list's order (``unspecified`` last)."""
    pairs = [(key, label) for key, label in UNIT_LABELS.items() if key != UNSPECIFIED]
    pairs.append((UNSPECIFIED, UNIT_LABELS[UNSPECIFIED]))
    return ([("", "—")] if blank else []) + pairs


def unit_label(key: str | None) -> str:
    key = units.normalise_unit(key)
    return str(UNIT_LABELS.get(key, key))


def amount(value, key: str | None) -> str:
    """A capacity with its unit ("1.500 tonnes per month"); the number alone when the unit
    is not specified."""
    if value is None:
        return "—"
    key = units.normalise_unit(key)
    number = format_number(value)
    return number if key == UNSPECIFIED else f"{number} {unit_label(key)}"


def valid_unit(key: str | None) -> bool:
    return key is None or key in units.UNITS
