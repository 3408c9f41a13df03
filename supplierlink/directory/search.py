"""The one search service of the supplier directory: full-text search over names,
descriptions and capabilities (PostgreSQL full-text search or SQLite FTS5, chosen by the
database), filters, facet counts, sort and pages."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import astuple, dataclass, field, fields
from datetime import date
from typing import TypeVar

from sqlalchemy import (
    Select,
    String,
    bindparam,
    case,
    cast,
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
from supplierlink.directory.publication import column as public_column
from supplierlink.directory.publication import publicly
from supplierlink.fulltext import fts_query
from supplierlink.organisations.models import SIZE_CLASSES, Organisation, size_class
from supplierlink.suppliers.models import Capability, Certification, ServiceRegion, SupplierProfile

T = TypeVar("T")

SORTS = ("relevance", "name", "newest", "capacity", "size")
PER_PAGE = 20
FACET_LIMIT = 12


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


def _text_match(session: Session, words: str, public_only: bool):
    """(organisation_id, relevance) of the documents matching ``words`` (in the published part
    of each document with ``public_only``); None for no words."""
    if is_postgresql(session):
        document = literal_column("supplier_search.public_document" if public_only
                                  else "supplier_search.document")
        query = func.websearch_to_tsquery("sl_es", words).op("||")(
            func.websearch_to_tsquery("sl_pt", words)).op("||")(
            func.websearch_to_tsquery("sl_en", words))
        return (select(SupplierSearch.organisation_id.label("organisation_id"),
                       func.ts_rank(document, query).label("relevance"))
                .where(document.op("@@")(query)).subquery())
    match = fts_query(words)
    if match is None:
        return None
    # the whole documents, or only their published parts
    name = "supplier_public_fts" if public_only else "supplier_fts"
    return (select(literal_column("rowid").label("organisation_id"),
                   (-func.bm25(literal_column(name), 10.0, 1.0)).label("relevance"))
            .select_from(table(name)).where(text(f"{name} MATCH :match").bindparams(match=match))
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


def _shown(value, field: str, public_only: bool):
    """``value`` where the viewer may read ``field`` (NULL where the SME keeps it)."""
    return case((public_column(field).is_(True), value)) if public_only else value


def _filtered(session: Session, q: DirectoryQuery, public_only: bool, today: date,
              matched) -> Select:
    """The SMEs that pass the filters; with ``public_only`` only those in the public directory,
    and a filter on a field passes only the SMEs that publish that field."""
    stmt = select(Organisation.id).where(Organisation.kind == "sme")
    if public_only:
        stmt = stmt.where(Organisation.published.is_(True))

    def needs(field: str) -> None:
        nonlocal stmt
        if public_only:
            stmt = stmt.where(publicly(field))

    if matched is not None:
        stmt = stmt.join(matched, matched.c.organisation_id == Organisation.id)
    if q.country:
        stmt = stmt.where(Organisation.country == q.country)
    if q.size:
        needs("size")
        stmt = stmt.where(Organisation.employees.is_not(None), q.size == _size_of(Organisation.employees))
    if q.category:
        needs("categories")
        stmt = stmt.where(exists().where(
            Capability.organisation_id == Organisation.id,
            Capability.category_id == Category.id,
            Category.code.like(category_prefix(q.category) + "%")))
    if q.region:
        needs("regions")
        served = [q.region, q.region[:2]]
        condition = ServiceRegion.region_code.in_(served)
        if len(q.region) == 2:  # a country: somewhere in it
            condition = or_(condition, ServiceRegion.region_code.like(q.region + "-%"))
        stmt = stmt.where(exists().where(ServiceRegion.organisation_id == Organisation.id,
                                         condition))
    if q.standard or q.verified_only:
        needs("certificates")
        conditions = [Certification.organisation_id == Organisation.id,
                      *_live_certificate(q.verified_only, today)]
        if q.standard:
            conditions.append(Certification.standard_id.in_(_standard_ids(session, q.standard)))
        stmt = stmt.where(exists().where(*conditions))
    # one profile per SME: joined, so capacity filters and sorts without a subquery per row
    stmt = stmt.outerjoin(SupplierProfile, SupplierProfile.organisation_id == Organisation.id)
    if q.min_capacity is not None:
        needs("capacity")
        stmt = stmt.where(SupplierProfile.capacity >= q.min_capacity)
    if q.min_stage is not None:
        needs("stage")
        stmt = stmt.where(SupplierProfile.programme_stage >= q.min_stage)
    return stmt


def _sort_column(q: DirectoryQuery, matched, public_only: bool, postgresql: bool):
    """The value results are sorted on (with the id to break ties), and its direction; an SME
    that keeps the sorted field to itself sorts as one without it. Names compare by code
    point on both databases (PostgreSQL's "C" collation, as Python sorts for SQLite), which
    is also much cheaper than a language's collation."""
    if q.sort == "relevance" and matched is not None:
        return matched.c.relevance, True
    if q.sort == "newest":
        return Organisation.created_at, True
    if q.sort == "capacity":
        return _shown(SupplierProfile.capacity, "capacity", public_only), True
    if q.sort == "size":
        return _shown(Organisation.employees, "size", public_only), True
    name = func.lower(Organisation.legal_name)
    return (name.collate("C") if postgresql else name), False


def _sorted_ids(rows, descending: bool) -> list[int]:
    """Ids ordered by their sort value (missing values last), then by id."""
    present = [r for r in rows if r[1] is not None]
    present.sort(key=lambda r: r[0])
    present.sort(key=lambda r: r[1], reverse=descending)
    missing = sorted(r[0] for r in rows if r[1] is None)
    return [r[0] for r in present] + missing


def _region_counts(results):
    """(facet, region served, SMEs) among ``results`` (a query of the ids to count); an SME
    serves a region once (unique), so rows are counted, in a hash rather than sorted."""
    return (select(literal("region"), ServiceRegion.region_code,
                   func.count(func.distinct(ServiceRegion.organisation_id)))
            .where(ServiceRegion.organisation_id.in_(results))
            .group_by(ServiceRegion.region_code))


def _standard_counts(results, today: date):
    """(facet, standard key, SMEs holding a live certificate of it) among ``results``."""
    return (select(literal("standard"), Standard.key,
                   func.count(func.distinct(Certification.organisation_id)))
            .where(Certification.organisation_id.in_(results),
                   Certification.standard_id == Standard.id, *_live_certificate(False, today))
            .group_by(Standard.key))


def _top(counter: Counter) -> list[tuple[str, int]]:
    ranked = sorted(counter.items(), key=lambda item: (-item[1], str(item[0])))
    return [(str(value), count) for value, count in ranked[:FACET_LIMIT]]


def _facets_of_rows(session: Session, rows, today: date) -> dict[str, list[tuple[str, int]]]:
    """Counts per country, size class, region served and live standard among ``rows`` (SQLite,
    which would evaluate the filters once per row of a subquery: the ids go as JSON). Rows are
    read by position: by name costs more than the counting itself."""
    def ids(name: str, values: list[int]) -> Select:
        return select(literal_column("value")).select_from(
            func.json_each(bindparam(name, json.dumps(values))))

    counted = {"region": Counter(), "standard": Counter()}
    statement = union_all(
        _region_counts(ids("region_ids", [r[0] for r in rows if r[4]])),
        _standard_counts(ids("standard_ids", [r[0] for r in rows if r[5]]), today))
    for facet, value, count in session.connection().execute(statement):
        counted[facet][value] = count
    return {"country": _top(Counter(r[2] for r in rows)),
            "size": _top(Counter(size_class(r[3]) for r in rows if r[3] is not None)),
            "region": _top(counted["region"]), "standard": _top(counted["standard"])}


def _search_sqlite(session: Session, found: Select, page: int, per_page: int,
                   descending: bool, today: date, with_facets: bool) -> DirectoryResult:
    # plain tuples (id, sort value, country, employees, shows regions, shows certificates)
    rows = [tuple(row) for row in session.connection().execute(found)]
    total = len(rows)
    page = min(page, max(1, -(-total // per_page)))
    ids = _sorted_ids(rows, descending)[(page - 1) * per_page:page * per_page]
    facets = _facets_of_rows(session, rows, today) if with_facets and total else {}
    return DirectoryResult(ids, total, page, per_page, facets)


def _search_postgresql(session: Session, found: Select, page: int, per_page: int,
                       descending: bool, today: date, with_facets: bool) -> DirectoryResult:
    """One statement: the filtered SMEs are worked out once (a materialised CTE, the text
    matched through the GIN index and ranked once per match); the page (sorted and cut by the
    database), the total and the facet counts are read from it, only they leave the server."""
    results = found.cte("results").prefix_with("MATERIALIZED")
    value = results.c.sort_value
    order = [value.desc().nulls_last() if descending else value.asc().nulls_last(),
             results.c.id]

    def part(facet: str, key, count, *where, group=True) -> Select:
        stmt = select(literal(facet).label("facet"), cast(key, String).label("value"),
                      count.label("n")).where(*where)
        return stmt.group_by(key) if group and key is not None else stmt

    def statement(at: int) -> Select:
        page_rows = (select(results.c.id, func.row_number().over(order_by=order).label("n"))
                     .order_by(*order).limit(per_page).offset((at - 1) * per_page).subquery())
        parts = [select(literal("page"), cast(page_rows.c.id, String), page_rows.c.n),
                 part("total", None, func.count()).select_from(results)]
        if with_facets:
            in_results = select(results.c.id)
            parts += [
                part("country", results.c.country, func.count()),
                part("size", _size_of(results.c.employees), func.count(),
                     results.c.employees.is_not(None)),
                _region_counts(in_results.where(results.c.shows_regions)),
                _standard_counts(in_results.where(results.c.shows_certificates), today),
            ]
        return union_all(*parts)

    def run(at: int):
        page_ids, total, counted = [], 0, {}
        for facet, key, n in session.connection().execute(statement(at)):
            if facet == "page":
                page_ids.append((n, int(key)))
            elif facet == "total":
                total = n
            else:
                counted.setdefault(facet, Counter())[key] = n
        return [i for _n, i in sorted(page_ids)], total, counted

    ids, total, counted = run(page)
    pages = max(1, -(-total // per_page))
    if page > pages:  # asked beyond the last page: the last one
        page = pages
        ids, total, counted = run(page)
    facets = {facet: _top(counted.get(facet, Counter()))
              for facet in ("country", "size", "region", "standard")} \
        if with_facets and total else {}
    return DirectoryResult(ids, total, page, per_page, facets)


def _size_of(employees):
    return case((employees <= 10, "micro"), (employees <= 50, "small"),
                (employees <= 250, "medium"), else_="large")


#: recent answers of this process: (database, what was asked, documents' stamp) -> (when, answer)
_RECENT: dict = {}
_RECENT_LIMIT = 512
#: an answer is not reused after this long, whatever the stamp says
RECENT_SECONDS = 60.0
#: (session, stamp) while an answer is worked out: the answers it recalls use the same stamp
_stamp_read: ContextVar = ContextVar("directory_stamp_read")


def _documents_stamp(session: Session) -> tuple:
    """The search documents' count and latest rewrite. Every change a search reads (an SME's
    profile, capabilities, regions, certificates, programme stage or publication, a new or a
    merged SME, the catalogue) rewrites that SME's document (``directory.documents``, on the
    events that announce it), so an unchanged stamp means an unchanged directory."""
    return tuple(session.execute(
        select(func.count(), func.max(SupplierSearch.updated_at))).one())


def forget_recent_answers() -> None:
    """Empty this process's recent answers (the directory benchmark times searches, not
    repeats)."""
    _RECENT.clear()


def recall(session: Session, asked: tuple, answer: Callable[[], T]) -> T:
    """What ``answer()`` gave for ``asked`` in this process, while the search documents' stamp
    is unchanged and for ``RECENT_SECONDS`` at most; otherwise ``answer()``, kept. ``asked``
    must hold all the answer depends on beyond the directory's SMEs (the query, the viewer's
    visibility, the day, the language), and callers must not change what they are given."""
    engine = session.get_bind().engine
    # an answer that recalls another (the page, its search) reads the stamp once
    stamp = _stamp_read.get(None)
    stamp = stamp[1] if stamp is not None and stamp[0] is session else _documents_stamp(session)
    if not stamp[0]:
        # no SME: nothing to save, and the stamp of an empty directory never changes (the
        # catalogue a page shows can)
        return answer()
    key = (id(engine), str(engine.url), asked, stamp)
    now = time.monotonic()
    kept = _RECENT.get(key)
    if kept is not None and now - kept[0] < RECENT_SECONDS:
        return kept[1]
    reading = _stamp_read.set((session, stamp))
    try:
        value = answer()
    finally:
        _stamp_read.reset(reading)
    if len(_RECENT) >= _RECENT_LIMIT:
        _RECENT.clear()
    _RECENT[key] = (now, value)
    return value


def _copy(result: DirectoryResult) -> DirectoryResult:
    return DirectoryResult(list(result.ids), result.total, result.page, result.per_page,
                           {facet: list(counts) for facet, counts in result.facets.items()})


def search_suppliers(session: Session, q: DirectoryQuery, public_only: bool = True,
                     today: date | None = None, per_page: int = PER_PAGE,
                     with_facets: bool = True) -> DirectoryResult:
    """SMEs matching ``q``. With ``public_only`` (visitors, other SMEs) only those in the public
    directory, found, filtered, sorted and counted by the fields each one publishes.

    The same search on the same day answers from this process's recent answers (``recall``)
    while the documents' stamp is unchanged: one small query instead of filtering, sorting and
    counting every SME (some 40 ms of PostgreSQL's time for the whole directory at 10,000
    SMEs). Each caller gets a copy of its own."""
    today = today or date.today()
    return _copy(recall(session, ("search", astuple(q), public_only, today, per_page,
                                  with_facets),
                        lambda: _search(session, q, public_only, today, per_page, with_facets)))


def _search(session: Session, q: DirectoryQuery, public_only: bool, today: date,
            per_page: int, with_facets: bool) -> DirectoryResult:
    matched = _text_match(session, q.text, public_only) if q.text else None
    postgresql = is_postgresql(session)
    sort_value, descending = _sort_column(q, matched, public_only, postgresql)
    filtered = _filtered(session, q, public_only, today, matched)

    def shows(field: str):
        return public_column(field) if public_only else literal(True)

    found = filtered.with_only_columns(
        Organisation.id.label("id"), sort_value.label("sort_value"),
        Organisation.country.label("country"),
        _shown(Organisation.employees, "size", public_only).label("employees"),
        shows("regions").label("shows_regions"),
        shows("certificates").label("shows_certificates"))
    search = _search_postgresql if postgresql else _search_sqlite
    return search(session, found, q.page, per_page, descending, today, with_facets)
