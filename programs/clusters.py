"""Figures of a cluster: membership of a territory and sectors, export concentration (HHI),
export survival, share of sales exported, local content of lead firms' awards (GRI 204-1),
demand signals (which standard would unlock the most requirements) and peer-mentor
suggestions.

Pure Python: plain dataclasses in, plain dataclasses out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

#: the World Class Suppliers programme counted a supplier as an exporter above this share
EXPORT_SHARE_THRESHOLD = 0.30
ZONES = ("region", "country", "elsewhere")


# ----------------------------------------------------------------------------- territory


def in_territory(country: str, region: str | None, cluster_country: str,
                 cluster_regions: Iterable[str]) -> bool:
    """Whether an organisation based in ``country`` / ``region`` lies in the cluster's
    territory (the whole country when the cluster names no regions)."""
    regions = set(cluster_regions)
    return country == cluster_country and (not regions or region in regions)


def in_sectors(codes: Iterable[str], sectors: Iterable[str]) -> bool:
    """Whether any taxonomy code falls under one of the sectors (segment or family prefixes;
    no sectors means every sector)."""
    prefixes = tuple(sectors)
    return not prefixes or any(code.startswith(prefixes) for code in codes)


# ----------------------------------------------------------------------------- concentration


def hhi(values: Mapping[str, float] | Iterable[float]) -> float | None:
    """Herfindahl–Hirschman index of a split: the sum of squared shares, from 1/n (an even
    split over n) to 1 (everything in one); None when nothing was sold."""
    numbers = [float(v) for v in (values.values() if isinstance(values, Mapping) else values)
               if v and v > 0]
    total = sum(numbers)
    if total <= 0:
        return None
    return sum((v / total) ** 2 for v in numbers)


@dataclass(frozen=True)
class ExportRecord:
    market: str
    year: int
    product: str | None = None
    value: float | None = None


@dataclass
class Survival:
    entries: int  # markets entered (first year served)
    observable_1: int  # entries with a year after them on record
    survived_1: int
    observable_2: int
    survived_2: int

    @property
    def rate_1(self) -> float | None:
        return self.survived_1 / self.observable_1 if self.observable_1 else None

    @property
    def rate_2(self) -> float | None:
        return self.survived_2 / self.observable_2 if self.observable_2 else None

    def __add__(self, other: Survival) -> Survival:
        return Survival(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.entries, self.observable_1, self.survived_1, self.observable_2,
                self.survived_2)


def export_survival(records: Iterable[ExportRecord], last_year: int) -> Survival:
    """For each market, the first year it was served is its entry; it survived one (two)
    years when it was still served in the year after (two years after) its entry. Entries too
    recent to tell (after ``last_year`` − 1 or − 2) are not counted in that rate."""
    years: dict[str, set[int]] = defaultdict(set)
    for record in records:
        years[record.market].add(record.year)
    result = Survival(0, 0, 0, 0, 0)
    for served in years.values():
        entry = min(served)
        result.entries += 1
        if entry + 1 <= last_year:
            result.observable_1 += 1
            result.survived_1 += (entry + 1) in served
        if entry + 2 <= last_year:
            result.observable_2 += 1
            result.survived_2 += (entry + 2) in served
    return result


@dataclass
class ExportProfile:
    markets: int
    products: int
    hhi_markets: float | None
    hhi_products: float | None
    survival: Survival
    export_value: float


def export_profile(records: list[ExportRecord], last_year: int,
                   year: int | None = None) -> ExportProfile:
    """Markets and products served and the concentration of export sales over them, in
    ``year`` (every year on record when None); survival always uses the whole record."""
    chosen = [r for r in records if year is None or r.year == year]
    by_market: dict[str, float] = defaultdict(float)
    by_product: dict[str, float] = defaultdict(float)
    for record in chosen:
        by_market[record.market] += record.value or 0.0
        by_product[record.product or "?"] += record.value or 0.0
    return ExportProfile(
        markets=len({r.market for r in chosen}),
        products=len({r.product for r in chosen if r.product}),
        hhi_markets=hhi(by_market), hhi_products=hhi(by_product),
        survival=export_survival(records, last_year),
        export_value=sum(r.value or 0.0 for r in chosen))


def share_exported(export_sales: float | None, sales: float | None) -> float | None:
    """Export sales over total sales (None when sales are unknown or zero)."""
    if not sales or export_sales is None:
        return None
    return max(0.0, export_sales) / sales


def meets_export_threshold(share: float | None) -> bool:
    return share is not None and share > EXPORT_SHARE_THRESHOLD


# ----------------------------------------------------------------------------- certificates then


@dataclass(frozen=True)
class CertificateRecord:
    """A certificate as its history tells it: its current status, when it was entered and
    verified, its validity dates, and the status changes on record (moment, new status)."""

    holder: int
    standard: str
    status: str
    created_at: datetime
    verified_at: datetime | None = None
    issued_on: date | None = None
    expires_on: date | None = None
    changes: tuple[tuple[datetime, str], ...] = ()


def certificate_status_on(cert: CertificateRecord, moment: datetime) -> str | None:
    """The certificate's status at ``moment``: None before it was entered; the last change on
    record by then; before its first change, ``verified`` if it had been verified by then
    (a later change revoked or replaced it) and ``self_declared`` otherwise; with no change
    on record, today's status, except that a verification made after ``moment`` counts as
    self-declared."""
    if cert.created_at > moment:
        return None
    earlier = [status for at, status in sorted(cert.changes) if at <= moment]
    if earlier:
        return earlier[-1]
    verified_then = cert.verified_at is not None and cert.verified_at <= moment
    if cert.changes or (cert.status == "verified" and not verified_then):
        return "verified" if verified_then else "self_declared"
    return cert.status


def open_on(published_at: datetime | None, changes: Iterable[tuple[datetime, str]],
            moment: datetime) -> bool:
    """Whether a requirement was open at ``moment``: published by then, and the last status
    change on record by then (``(moment, new status)``), if any, left it open. A requirement
    closed or awarded later was still open then."""
    if published_at is None or published_at > moment:
        return False
    earlier = [status for at, status in sorted(changes) if at <= moment]
    return not earlier or earlier[-1] == "open"


def standards_held_on(certs: Iterable[CertificateRecord], day: date, moment: datetime
                      ) -> dict[tuple[str, bool], int]:
    """Holders per (standard, verified) on ``day`` (``moment``: the end of that day): a holder
    counts as verified when one of its certificates of the standard was verified and valid
    then, else as self-declared when one was self-declared and valid then."""
    best: dict[tuple[str, int], bool] = {}
    for cert in certs:
        if (cert.issued_on and cert.issued_on > day) or (cert.expires_on and cert.expires_on < day):
            continue
        status = certificate_status_on(cert, moment)
        if status not in ("verified", "self_declared"):
            continue
        key = (cert.standard, cert.holder)
        best[key] = best.get(key, False) or status == "verified"
    counts: dict[tuple[str, bool], int] = defaultdict(int)
    for (standard, _holder), verified in best.items():
        counts[(standard, verified)] += 1
    return dict(counts)


# ----------------------------------------------------------------------------- local content


@dataclass(frozen=True)
class Award:
    buyer_id: int
    supplier_id: int
    year: int
    value: float | None
    buyer_country: str
    buyer_region: str | None
    supplier_country: str
    supplier_region: str | None


def zone(award: Award) -> str:
    """Where the supplier sits from the buyer's operation: same region, elsewhere in the
    same country, or elsewhere (another country)."""
    if award.supplier_country != award.buyer_country:
        return "elsewhere"
    if award.buyer_region and award.supplier_region == award.buyer_region:
        return "region"
    return "country"


@dataclass
class LocalContent:
    buyer_id: int
    year: int
    awards: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ZONES, 0))
    spend: dict[str, float] = field(default_factory=lambda: dict.fromkeys(ZONES, 0.0))
    awards_without_value: int = 0

    @property
    def total_awards(self) -> int:
        return sum(self.awards.values())

    @property
    def total_spend(self) -> float:
        return sum(self.spend.values())

    def award_share(self, where: str) -> float | None:
        return self.awards[where] / self.total_awards if self.total_awards else None

    def spend_share(self, where: str) -> float | None:
        return self.spend[where] / self.total_spend if self.total_spend else None


def local_content(awards: Iterable[Award]) -> list[LocalContent]:
    """Per lead firm and year, awards and awarded spend by zone (GRI 204-1: the share of
    spend with suppliers local to the operation). Awards without a value count in the award
    shares only."""
    rows: dict[tuple[int, int], LocalContent] = {}
    for award in awards:
        row = rows.setdefault((award.buyer_id, award.year),
                              LocalContent(award.buyer_id, award.year))
        where = zone(award)
        row.awards[where] += 1
        if award.value is None:
            row.awards_without_value += 1
        else:
            row.spend[where] += award.value
    return [rows[key] for key in sorted(rows)]


# ----------------------------------------------------------------------------- demand signals


@dataclass(frozen=True)
class NearMiss:
    supplier_id: int
    requirement_id: int
    buyer_id: int
    #: what blocks the supplier, as unlock keys (a standard key, or another gap's key)
    blocking: frozenset[str]


@dataclass
class DemandSignal:
    key: str
    suppliers: set[int]
    requirements: set[int]
    lead_firms: set[int]

    @property
    def pairs(self) -> int:
        return len(self.suppliers)


def demand_signals(near_misses: Iterable[NearMiss], limit: int | None = None) -> list[DemandSignal]:
    """Which single thing, closed, would qualify the most near-miss suppliers: for each key,
    the suppliers whose only blocking gap on some requirement it is, those requirements and
    their lead firms. Ranked by requirements unlocked, then suppliers, then key."""
    found: dict[str, DemandSignal] = {}
    for miss in near_misses:
        if len(miss.blocking) != 1:
            continue
        (key,) = miss.blocking
        signal = found.setdefault(key, DemandSignal(key, set(), set(), set()))
        signal.suppliers.add(miss.supplier_id)
        signal.requirements.add(miss.requirement_id)
        signal.lead_firms.add(miss.buyer_id)
    ranked = sorted(found.values(),
                    key=lambda s: (-len(s.requirements), -len(s.suppliers), s.key))
    return ranked[:limit] if limit else ranked


# ----------------------------------------------------------------------------- evaluation


def median_change_by_group(rows: Iterable[tuple[str, str, float | None, float | None]]
                           ) -> dict[str, dict[str, float | None]]:
    """``(metric, group, baseline, latest)`` rows -> per metric and group the median
    relative change (latest − baseline) / baseline, over rows with a non-zero baseline."""
    changes: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for metric, group, baseline, latest in rows:
        if baseline and latest is not None:
            changes[metric][group].append((latest - baseline) / abs(baseline))
    out: dict[str, dict[str, float | None]] = {}
    for metric, groups in changes.items():
        out[metric] = {group: _median(values) for group, values in groups.items()}
    return out


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
