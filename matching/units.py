"""Units of capacity: a controlled list, conversions inside a dimension, never across.

A capacity is a rate per month (tonnes, cubic metres, metres, square metres, units, hours,
samples, trips, workers) or a contract value in one currency. Each unit belongs to one
*dimension* and converts to that dimension's base unit by a factor (kg -> t, L -> m³, km -> m).
Two capacities compare only inside one dimension: samples are never compared with metres, and
currencies are never converted (rates move; the buyer states the currency it pays in).

``unspecified`` is the unit of capacities recorded before units existed: it compares only
with itself, so old data keeps working and no guess is made about what it meant.
"""

from __future__ import annotations

import numpy as np

UNSPECIFIED = "unspecified"

#: Currencies a contract value can be stated in.
CURRENCIES = ("USD", "CLP", "PEN", "BRL", "MXN", "COP", "ARS", "EUR", "CAD")

#: unit key -> (dimension, factor to the dimension's base unit, symbol)
UNITS: dict[str, tuple[str, float, str]] = {
    "t_month": ("mass", 1.0, "t/month"),
    "kg_month": ("mass", 0.001, "kg/month"),
    "m3_month": ("volume", 1.0, "m³/month"),
    "l_month": ("volume", 0.001, "L/month"),
    "m_month": ("length", 1.0, "m/month"),
    "km_month": ("length", 1000.0, "km/month"),
    "m2_month": ("area", 1.0, "m²/month"),
    "units_month": ("units", 1.0, "units/month"),
    "hours_month": ("hours", 1.0, "hours/month"),
    "samples_month": ("samples", 1.0, "samples/month"),
    "trips_month": ("trips", 1.0, "trips/month"),
    "workers_month": ("workers", 1.0, "workers/month"),
    **{f"value_{c.lower()}": (f"value_{c.lower()}", 1.0, c) for c in CURRENCIES},
    UNSPECIFIED: (UNSPECIFIED, 1.0, ""),
}

#: Relative tolerance of a comparison after conversion (300 kg is 0.3 t, whatever the floats).
_TOLERANCE = 1e-9


def normalise_unit(unit: str | None) -> str:
    """The unit key of ``unit``; None or blank is ``unspecified``. A key outside ``UNITS``
    stays as given (lower-cased): it is then its own dimension and compares only with itself."""
    key = (unit or "").strip().lower()
    return key or UNSPECIFIED


def dimension(unit: str | None) -> str:
    """The dimension of ``unit`` (``mass``, ``volume``…; an unknown key is its own)."""
    key = normalise_unit(unit)
    return UNITS[key][0] if key in UNITS else key


def to_base(value: float, unit: str | None) -> float:
    """``value`` in ``unit`` expressed in the base unit of its dimension."""
    key = normalise_unit(unit)
    return value * (UNITS[key][1] if key in UNITS else 1.0)


def from_base(value: float, unit: str | None) -> float:
    """A base-unit ``value`` expressed in ``unit`` (inverse of ``to_base``)."""
    key = normalise_unit(unit)
    return value / (UNITS[key][1] if key in UNITS else 1.0)


def symbol(unit: str | None) -> str:
    """Short English symbol of ``unit`` ("t/month"), or the key itself when unknown."""
    key = normalise_unit(unit)
    return UNITS[key][2] if key in UNITS else key


def meets(capacity_base, minimum_base):
    """Whether base-unit capacities reach a base-unit minimum (scalars or arrays; NaN never
    does). The one comparison the engine's ranking and its gaps both use."""
    with np.errstate(invalid="ignore"):
        return capacity_base >= minimum_base * (1.0 - _TOLERANCE)
