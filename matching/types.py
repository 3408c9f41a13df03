"""Plain data exchanged with the matching engine: profiles and requirements in, results out.

Everything here is a frozen dataclass holding only built-in types and dates, so services can
build these objects from ORM rows and store the results without the engine knowing about either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ENGINE_VERSION = "2.4.0"

#: Soft criteria, in the order used for contributions and weights.
CRITERIA = (
    "category",
    "text",
    "preferred_standards",
    "capacity",
    "proximity",
    "track_record",
    "programme_stage",
)

CERTIFICATION_STATUSES = ("verified", "self_declared", "expired", "revoked")

#: How far from the requested codes a supplier's offer may be and still fit (see
#: ``matching.constraints``): the code or its descendants, the same family, or the same
#: family or a linked code; ``any`` makes the category a score only (award prediction).
CATEGORY_DEPTHS = ("code", "family", "related", "any")


@dataclass(frozen=True)
class CertificationClaim:
    """A supplier's claim of a standard.

    Parameters
    ----------
    standard : str
        Catalogue key (e.g. ``"iso-9001"``) or a name typed by a person, resolved through the
        standards catalogue.
    status : str
        One of ``"verified"``, ``"self_declared"``, ``"expired"``, ``"revoked"``.
    issued, expires : date or None
        Certificate dates; ``expires=None`` means no known expiry.
    """

    standard: str
    status: str
    issued: date | None = None
    expires: date | None = None


@dataclass(frozen=True)
class AwardRecord:
    """One contract won by a supplier (from procurement records or the platform).

    ``region`` is where the buyer took delivery; ``site`` the buyer's site within it (a
    mine, a plant, a ministry's regional office: in OCDS the buyer's locality), since the
    same buyer's sites often keep different local suppliers.
    """

    code: str
    buyer_id: str | None
    date: date | None
    value: float | None = None
    region: str | None = None
    text: str = ""
    site: str | None = None
    #: the requirement this award closed, when known: it never counts toward scores on
    #: that same requirement
    requirement_id: str | None = None
    #: the procurement procedure the award came through (open tender, minor-value or
    #: direct award…, as the buyer names it)
    method: str | None = None


@dataclass(frozen=True)
class ExportRecord:
    """Exports of one product to one market in one year."""

    market: str
    product_code: str | None
    year: int
    value: float | None


@dataclass(frozen=True)
class SupplierProfile:
    """Everything the engine knows about one supplier.

    ``regions`` are ISO 3166-2 subdivision codes (``"CL-AN"``) or country codes (``"CL"``)
    served; serving a country serves all of its subdivisions. Only declared regions are served:
    the home ``region`` (where the supplier is based, used for proximity) is not assumed, so
    declaring more regions never withdraws one. ``locality`` is the supplier's home town or
    city (proximity to a buyer's site).
    ``programme_stage`` is the rung reached on the supplier-development ladder (0 = registered,
    7 = graduated).
    """

    id: str
    name: str
    codes: tuple[str, ...] = ()
    text: str = ""
    certifications: tuple[CertificationClaim, ...] = ()
    capacity: float | None = None
    regions: tuple[str, ...] = ()
    country: str | None = None
    region: str | None = None
    awards: tuple[AwardRecord, ...] = ()
    exports: tuple[ExportRecord, ...] = ()
    programme_stage: int | None = None
    locality: str | None = None
    #: unit of ``capacity`` (``matching.units.UNITS``; None is ``unspecified``)
    capacity_unit: str | None = None


@dataclass(frozen=True)
class Requirement:
    """A lead firm's requirement.

    Must-have standards, ``min_capacity`` (in ``capacity_unit``), ``regions`` (delivery
    regions, every one must be served) and the category (a requested code offered at
    ``category_depth``, one of ``CATEGORY_DEPTHS``) are hard constraints; everything else is
    scored. Awards whose ``requirement_id`` is this requirement's ``id`` are left out of its
    scores. ``method`` is the procurement procedure, scored through the suppliers' awards
    under the same procedure. ``location`` is an optional
    delivery place used only for proximity (defaults to ``regions``); ``site`` the buyer's
    site (town or city) within it, scored through the suppliers' awards at that site and their
    home ``locality``. ``weights`` overrides the engine's criterion weights for this
    requirement (keys from ``CRITERIA``).
    """

    id: str
    codes: tuple[str, ...] = ()
    text: str = ""
    must_standards: tuple[str, ...] = ()
    preferred_standards: tuple[str, ...] = ()
    min_capacity: float | None = None
    regions: tuple[str, ...] = ()
    need_date: date | None = None
    buyer_id: str | None = None
    weights: dict | None = None
    location: str | None = None
    site: str | None = None
    capacity_unit: str | None = None
    category_depth: str = "code"
    #: the procurement procedure (as in ``AwardRecord.method``), when the buyer has chosen it
    method: str | None = None


@dataclass(frozen=True)
class Gap:
    """Something a supplier lacks for a requirement.

    ``kind`` and ``params`` are the structured form the application words in the user's
    language; ``detail`` is an English sentence for logs and exports; ``remedy`` is a short
    machine key and ``effort_days`` a rough time to close the gap (None when unknown).
    """

    kind: str
    params: dict
    blocking: bool
    remedy: str
    effort_days: int | None
    detail: str


@dataclass(frozen=True)
class LinkedCode:
    """Why a supplier scores on ``related_code``: it holds ``code``, which suppliers of the
    requirement's ``requirement_code`` often hold too (``similarity`` in (0, 1])."""

    requirement_code: str
    code: str
    similarity: float


@dataclass(frozen=True)
class MatchResult:
    """Score of one supplier for one requirement, explained.

    ``contributions`` maps every criterion in ``CRITERIA`` to its share of ``score``; they add
    up to ``score``. ``qualified`` is False when some gap is blocking. ``linked`` names, for
    each requirement code the supplier scores a linked code for, the most similar one it holds
    (when the ``related_code`` feature is weighted).
    """

    supplier_id: str
    score: float
    contributions: dict[str, float]
    gaps: tuple[Gap, ...]
    qualified: bool
    linked: tuple[LinkedCode, ...] = ()


@dataclass(frozen=True)
class RankResult:
    """Top suppliers that meet every hard constraint, and the best of those that do not."""

    ranked: list[MatchResult]
    near_misses: list[MatchResult]
    considered: int = 0
