"""A requirement normalised once for scoring: what every feature and constraint reads."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import units
from .block import code_family, code_stem, normalise_code, normalise_region
from .types import CATEGORY_DEPTHS


@dataclass
class Prepared:
    """A requirement normalised once for scoring every block."""

    codes: tuple
    query_terms: np.ndarray
    query_values: np.ndarray
    must: tuple  # (key, frozenset of satisfying keys)
    preferred: tuple
    min_capacity: float | None  # in the requirement's own unit
    regions: tuple
    locations: tuple
    buyer_id: str | None
    ref_ordinal: float
    require_verified: bool
    weights: dict  # feature -> effective weight (applicable features only)
    ref_date: object = None  # day certificates must still be valid on
    today: object = None
    site: str | None = None  # the buyer's site, normalised (``block.normalise_site``)
    method: str | None = None  # the procurement procedure (``block.normalise_method``)
    #: per requirement code, the codes linked to it and their similarities (``links``)
    links: tuple = ()
    #: unit of ``min_capacity`` (a key of ``units.UNITS``)
    capacity_unit: str = units.UNSPECIFIED
    #: one of ``types.CATEGORY_DEPTHS``
    category_depth: str = "code"
    #: per-block arrays shared by the frames scored for this requirement
    shared: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def has_links(self) -> bool:
        """Whether some requirement code has linked codes."""
        return any(len(codes) for codes, _ in self.links)

    @property
    def capacity_dimension(self) -> str:
        return units.dimension(self.capacity_unit)

    @property
    def min_capacity_base(self) -> float | None:
        """``min_capacity`` in the base unit of its dimension."""
        if self.min_capacity is None:
            return None
        return units.to_base(self.min_capacity, self.capacity_unit)

    @property
    def category_applies(self) -> bool:
        """Whether the category is a must-have (some code requested, depth not ``any``)."""
        return bool(self.codes) and self.category_depth != "any"

    @property
    def category_prefixes(self) -> tuple[tuple[str, str], ...]:
        """Per requirement code, ``(stem, family)``: the prefix of the code and its
        descendants, and of its family (never longer than the stem)."""
        out = []
        for code in self.codes:
            stem = code_stem(code)
            family = code_family(code)
            out.append((stem, family if len(family) < len(stem) else stem))
        return tuple(out)


def prepare_codes(codes) -> tuple:
    """Normalised, de-duplicated requirement codes, order kept."""
    return tuple(dict.fromkeys(c for c in map(normalise_code, codes) if c))


def prepare_regions(regions) -> tuple:
    """Normalised, de-duplicated region codes, order kept."""
    return tuple(dict.fromkeys(normalise_region(r) for r in regions if r and str(r).strip()))


def check_depth(depth: str) -> str:
    if depth not in CATEGORY_DEPTHS:
        raise ValueError(f"unknown category depth {depth!r}")
    return depth
