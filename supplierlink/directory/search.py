"""The one search service of the supplier directory: full-text search over names,
descriptions and capabilities (PostgreSQL full-text search or SQLite FTS5, chosen by the
database), filters, facet counts, sort and pages."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import (
    Select,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from supplierlink.catalogue.models import Category, Standard
from supplierlink.catalogue.services import standards_catalogue
from supplierlink.directory.documents import is_postgresql
from supplierlink.directory.models import SupplierSearch
from supplierlink.directory.text import fts_query
from supplierlink.organisations.models import SIZE_CLASSES, Organisation
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
    if q.min_capacity is not None or q.min_stage is not None:
        conditions = [SupplierProfile.organisation_id == Organisation.id]
        if q.min_capacity is not None:
            conditions.append(SupplierProfile.capacity >= q.min_capacity)
        if q.min_stage is not None:
            conditions.append(SupplierProfile.programme_stage >= q.min_stage)
        stmt = stmt.where(exists().where(*conditions))
    return stmt


def _ordered(stmt: Select, q: DirectoryQuery, matched) -> Select:
    if q.sort == "relevance" and matched is not None:
        return stmt.order_by(matched.c.relevance.desc(), Organisation.id)
    if q.sort == "newest":
        return stmt.order_by(Organisation.created_at.desc(), Organisation.id.desc())
    if q.sort == "capacity":
        capacity = (select(SupplierProfile.capacity)
                    .where(SupplierProfile.organisation_id == Organisation.id)
                    .scalar_subquery())
        return stmt.order_by(func.coalesce(capacity, -1).desc(), Organisation.id)
    if q.sort == "size":
        return stmt.order_by(func.coalesce(Organisation.employees, -1).desc(), Organisation.id)
    return stmt.order_by(func.lower(Organisation.legal_name), Organisation.id)


def _facets(session: Session, ids, today: date) -> dict[str, list[tuple[str, int]]]:
    """Counts per country, size class, region served and live standard among the results."""
    def counted(column, *joins_where, limit=FACET_LIMIT):
        stmt = select(column, func.count(func.distinct(Organisation.id))).where(
            Organisation.id.in_(ids))
        for clause in joins_where:
            stmt = stmt.where(clause)
        rows = session.execute(stmt.group_by(column).order_by(
            func.count(func.distinct(Organisation.id)).desc(), column).limit(limit)).all()
        return [(str(value), count) for value, count in rows if value is not None]

    return {
        "country": counted(Organisation.country),
        "size": counted(_SIZE_CASE, Organisation.employees.is_not(None)),
        "region": counted(ServiceRegion.region_code,
                          ServiceRegion.organisation_id == Organisation.id),
        "standard": counted(Standard.key, Certification.organisation_id == Organisation.id,
                            Certification.standard_id == Standard.id,
                            *_live_certificate(False, today)),
    }


def search_suppliers(session: Session, q: DirectoryQuery, public_only: bool = True,
                     today: date | None = None, per_page: int = PER_PAGE,
                     with_facets: bool = True) -> DirectoryResult:
    """SMEs matching ``q`` (only those that publish themselves when ``public_only``)."""
    today = today or date.today()
    matched = _text_match(session, q.text) if q.text else None
    stmt = _filtered(session, q, public_only, today, matched)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(q.page, pages)
    ordered = _ordered(stmt, q, matched)
    ids = session.scalars(ordered.limit(per_page).offset((page - 1) * per_page)).all()
    facets = _facets(session, stmt.subquery().select(), today) if with_facets and total else {}
    return DirectoryResult(list(ids), total, page, per_page, facets)
