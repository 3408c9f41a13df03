"""The one search service of the supplier directory: full-text search over names,
descriptions and capabilities (PostgreSQL full-text search or SQLite FTS5, chosen by the
database), filters, facet counts, sort and pages."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import (
    Select,
    bindparam,
    case,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.orm import Session

from supplierlink.catalogue.models import Category, Standard
from supplierlink.catalogue.services import standards_catalogue
from supplierlink.directory.documents import is_postgresql
from supplierlink.directory.models import SupplierSearch
from supplierlink.directory.text import fts_query
from supplierlink.organisations.models import SIZE_CLASSES, Organisation, size_class
from supplierlink.suppliers.models import Capability, Certification, ServiceRegion, SupplierProfile

SORTS = ("relevance", "name", "newest", "capacity", "size")
PER_PAGE = 20
FACET_LIMIT = 12
_SIZE_CASE = case((Organisation.employees <= 10, "micro"), (Organisation.employees <= 50, "small"),
                  (Organisation.employees <= 250, "medium"), else_="large")


@dataclass
class DirectoryQuery:
    text: str = ""
    category: str = ""  # a category code: its descendants count too
    region: str = ""  # a region or country served
    country: str = ""
    size: str = ""
    standard: str = ""  # a standard key: held, or held through one that implies it
    verified_only: bool = False
    min_capacity: float | None = None
    min_stage: int | None = None  # rung on the development ladder (0-7)
    sort: str = "relevance"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> DirectoryQuery:
        def number(name, kind):
            try:
                return kind(args.get(name)) if args.get(name) not in (None, "") else None
            except ValueError:
                return None

        sort = args.get("sort", "relevance")
        return cls(text=args.get("q", "")[:200].strip(), category=args.get("category", "").strip(),
                   region=args.get("region", "").strip().upper(),
                   country=args.get("country", "").strip().upper(),
                   size=args.get("size", "") if args.get("size") in SIZE_CLASSES else "",
                   standard=args.get("standard", "").strip(),
                   verified_only=args.get("verified") == "1",
                   min_capacity=number("capacity", float), min_stage=number("stage", int),
                   sort=sort if sort in SORTS else "relevance",
                   page=max(1, number("page", int) or 1))

    def args(self, **changes) -> dict:
        """The query as URL parameters (with ``changes``), for links that keep it."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        params = {"q": values["text"], "category": values["category"],
                  "region": values["region"], "country": values["country"],
                  "size": values["size"], "standard": values["standard"],
                  "verified": "1" if values["verified_only"] else "",
                  "capacity": values["min_capacity"], "stage": values["min_stage"],
                  "sort": "" if values["sort"] == "relevance" else values["sort"],
                  "page": values["page"] if values["page"] != 1 else ""}
        return {k: v for k, v in params.items() if v not in ("", None)}


@dataclass
class DirectoryResult:
    ids: list[int]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def category_prefix(code: str) -> str:
    """UNSPSC codes nest by prefix: 20100000 (a family) holds every 2010xxxx code."""
    prefix = code
    while len(prefix) > 2 and prefix.endswith("00"):
        prefix = prefix[:-2]
    return prefix


def _text_match(session: Session, words: str):
    """(organisation_id, relevance) of the documents matching ``words``; None for no words."""
    if is_postgresql(session):
        document = literal_column("supplier_search.document")
        query = func.websearch_to_tsquery("sl_es", words).op("||")(
            func.websearch_to_tsquery("sl_pt", words)).op("||")(
            func.websearch_to_tsquery("sl_en", words))
        return (select(SupplierSearch.organisation_id.label("organisation_id"),
                       func.ts_rank(document, query).label("relevance"))
                .where(document.op("@@")(query)).subquery())
    match = fts_query(words)
    if match is None:
        return None
    fts = table("supplier_fts")
    return (select(literal_column("rowid").label("organisation_id"),
                   (-func.bm25(literal_column("supplier_fts"), 10.0, 1.0)).label("relevance"))
            .select_from(fts).where(text("supplier_fts MATCH :match").bindparams(match=match))
            .subquery())


def _standard_ids(session: Session, key: str) -> list[int]:
    """Standards whose certificate satisfies ``key`` (itself, and those that imply it)."""
    catalogue = standards_catalogue(session)
    return [sid for sid, skey in session.execute(select(Standard.id, Standard.key))
            if skey == key or catalogue.satisfies(skey, key)]


def _live_certificate(verified_only: bool, today: date):
    statuses = ("verified",) if verified_only else ("verified", "self_declared")
    return (Certification.status.in_(statuses),
            or_(Certification.expires_on.is_(None), Certification.expires_on >= today))


def _filtered(session: Session, q: DirectoryQuery, public_only: bool, today: date,
              matched) -> Select:
    stmt = select(Organisation.id).where(Organisation.kind == "sme")
    if public_only:
        stmt = stmt.where(Organisation.published.is_(True))
    if matched is not None:
        stmt = stmt.join(matched, matched.c.organisation_id == Organisation.id)
    if q.country:
        stmt = stmt.where(Organisation.country == q.country)
    if q.size:
        stmt = stmt.where(Organisation.employees.is_not(None), q.size == _SIZE_CASE)
    if q.category:
        stmt = stmt.where(exists().where(
            Capability.organisation_id == Organisation.id,
            Capability.category_id == Category.id,
            Category.code.like(category_prefix(q.category) + "%")))
    if q.region:
        served = [q.region, q.region[:2]]
        condition = ServiceRegion.region_code.in_(served)
        if len(q.region) == 2:  # a country: somewhere in it
            condition = or_(condition, ServiceRegion.region_code.like(q.region + "-%"))
        stmt = stmt.where(exists().where(ServiceRegion.organisation_id == Organisation.id,
                                         condition))
    if q.standard or q.verified_only:
        conditions = [Certification.organisation_id == Organisation.id,
                      *_live_certificate(q.verified_only, today)]
        if q.standard:
            conditions.append(Certification.standard_id.in_(_standard_ids(session, q.standard)))
        stmt = stmt.where(exists().where(*conditions))
    # one profile per SME: joined, so capacity filters and sorts without a subquery per row
    stmt = stmt.outerjoin(SupplierProfile, SupplierProfile.organisation_id == Organisation.id)
    if q.min_capacity is not None:
        stmt = stmt.where(SupplierProfile.capacity >= q.min_capacity)
    if q.min_stage is not None:
        stmt = stmt.where(SupplierProfile.programme_stage >= q.min_stage)
    return stmt


def _sort_column(q: DirectoryQuery, matched):
    """The value results are sorted on (with the id to break ties), and its direction."""
    if q.sort == "relevance" and matched is not None:
        return matched.c.relevance, True
    if q.sort == "newest":
        return Organisation.created_at, True
    if q.sort == "capacity":
        return SupplierProfile.capacity, True
    if q.sort == "size":
        return Organisation.employees, True
    return func.lower(Organisation.legal_name), False


def _sorted_ids(rows, descending: bool) -> list[int]:
    """Ids ordered by their sort value (missing values last), then by id."""
    present = [r for r in rows if r[1] is not None]
    present.sort(key=lambda r: r[0])
    present.sort(key=lambda r: r[1], reverse=descending)
    missing = sorted(r[0] for r in rows if r[1] is None)
    return [r[0] for r in present] + missing


def _results(session: Session, ids: list[int], filtered: Select):
    """The result ids for the count queries: on PostgreSQL the filters once more, materialised
    in one statement with both counts; on SQLite (which would evaluate them once per row) the
    ids as one JSON value."""
    if is_postgresql(session):
        found = filtered.cte("results").prefix_with("MATERIALIZED")
        return select(found.c.id)
    return select(literal_column("value")).select_from(
        func.json_each(bindparam("facet_ids", json.dumps(ids))))


def _facets(session: Session, rows, today: date,
            filtered: Select) -> dict[str, list[tuple[str, int]]]:
    """Counts per country, size class, region served and live standard among the results."""
    countries = Counter(r[2] for r in rows)
    sizes = Counter(size_class(r[3]) for r in rows if r[3] is not None)
    results = _results(session, [r[0] for r in rows], filtered)
    regions = (select(literal("region"), ServiceRegion.region_code,
                      func.count(func.distinct(ServiceRegion.organisation_id)))
               .where(ServiceRegion.organisation_id.in_(results))
               .group_by(ServiceRegion.region_code))
    standards = (select(literal("standard"), Standard.key,
                        func.count(func.distinct(Certification.organisation_id)))
                 .where(Certification.organisation_id.in_(results),
                        Certification.standard_id == Standard.id,
                        *_live_certificate(False, today))
                 .group_by(Standard.key))
    counted = {"region": Counter(), "standard": Counter()}
    for facet, value, count in session.connection().execute(union_all(regions, standards)):
        counted[facet][value] = count

    def top(counter: Counter) -> list[tuple[str, int]]:
        ranked = sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
        return [(str(value), count) for value, count in ranked[:FACET_LIMIT]]

    return {"country": top(countries), "size": top(sizes), "region": top(counted["region"]),
            "standard": top(counted["standard"])}


def search_suppliers(session: Session, q: DirectoryQuery, public_only: bool = True,
                     today: date | None = None, per_page: int = PER_PAGE,
                     with_facets: bool = True) -> DirectoryResult:
    """SMEs matching ``q`` (only those that publish themselves when ``public_only``)."""
    today = today or date.today()
    matched = _text_match(session, q.text) if q.text else None
    sort_value, descending = _sort_column(q, matched)
    # The filters are evaluated once: totals, order, page and facets come from these rows.
    filtered = _filtered(session, q, public_only, today, matched)
    stmt = filtered.with_only_columns(
        Organisation.id, sort_value, Organisation.country, Organisation.employees)
    rows = session.connection().execute(stmt).all()  # plain rows: no ORM loading
    total = len(rows)
    pages = max(1, -(-total // per_page))
    page = min(q.page, pages)
    ids = _sorted_ids(rows, descending)[(page - 1) * per_page:page * per_page]
    facets = _facets(session, rows, today, filtered) if with_facets and total else {}
    return DirectoryResult(ids, total, page, per_page, facets)
