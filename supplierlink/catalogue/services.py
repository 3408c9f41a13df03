"""Loading and reading the reference data: category taxonomies and the standards catalogue."""

from __future__ import annotations

import csv
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

import matching
from supplierlink import signals
from supplierlink.catalogue.models import Category, Standard, StandardAlias, StandardRelation
from supplierlink.db import database_key
from supplierlink.errors import ServiceError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_TAXONOMY = DATA_DIR / "unspsc-mining.csv"
STANDARDS_CATALOGUE = DATA_DIR / "standards.csv"
_LEVEL_PARENT = {"commodity": "class", "class": "family", "family": "segment"}


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    errors: list[str] | None = None


def _category_row(row: dict, scheme: str, line: int) -> dict:
    code = (row.get("code") or "").strip()
    title = (row.get("title_en") or row.get("title") or "").strip()
    if not code or not title:
        raise ValueError(f"line {line}: a code and an English title are required")
    level = (row.get("level") or "").strip() or None
    parent = (row.get("parent_code") or "").strip() or None
    if parent is None and level in _LEVEL_PARENT:  # UNSPSC-shaped files name the ancestors
        parent = (row.get(_LEVEL_PARENT[level]) or "").strip() or None
        parent = None if parent == code else parent
    return {
        "scheme": scheme, "code": code, "level": level, "parent_code": parent,
        "title_en": title[:300],
        "title_es": (row.get("title_es") or "").strip()[:300] or None,
        "title_pt": (row.get("title_pt") or "").strip()[:300] or None,
    }


def import_taxonomy(session: Session, path: Path | str, scheme: str = "UNSPSC") -> ImportReport:
    """Insert or update the categories of a CSV file; every bad row is reported, none is kept."""
    rows, errors = [], []
    with open(path, newline="", encoding="utf-8") as handle:
        for line, raw in enumerate(csv.DictReader(handle), start=2):
            try:
                rows.append(_category_row(raw, scheme, line))
            except ValueError as exc:
                errors.append(str(exc))
    if errors:
        raise ServiceError({"file": errors})
    existing = dict(session.execute(
        select(Category.code, Category.id).where(Category.scheme == scheme)).all())
    new = [r for r in rows if r["code"] not in existing]
    changed = [{**r, "id": existing[r["code"]]} for r in rows if r["code"] in existing]
    if new:
        session.execute(insert(Category), new)
    if changed:
        session.execute(update(Category), changed)
    session.flush()
    if new or changed:
        signals.catalogue_changed.send(session)
    return ImportReport(inserted=len(new), updated=len(changed))


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def import_standards(session: Session, path: Path | str = STANDARDS_CATALOGUE) -> ImportReport:
    """Load a standards catalogue: entries, aliases and implies/supersedes/equivalent relations.

    Relations may name a target by key or by name, so files whose ``supersedes`` column holds
    names (as in the reference list) load too.
    """
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    report = ImportReport()
    by_key = {s.key: s for s in session.scalars(select(Standard))}
    for row in rows:
        name = (row.get("name") or "").strip()
        if not name:
            continue
        key = (row.get("key") or "").strip() or slugify(name)
        standard = by_key.get(key)
        if standard is None:
            standard = Standard(key=key, name=name)
            session.add(standard)
            by_key[key] = standard
            report.inserted += 1
        else:
            report.updated += 1
        standard.name = name
        standard.kind = (row.get("kind") or "").strip() or None
        standard.issuer = (row.get("issuer") or "").strip() or None
        standard.sector = (row.get("sector") or "").strip()[:120] or None
        months = (row.get("typical_months") or "").strip()
        standard.typical_months = int(months) if months.isdigit() else standard.typical_months
        known = {a.alias for a in standard.aliases}
        for alias in _split(row.get("aliases")):
            if alias not in known and alias != name:
                standard.aliases.append(StandardAlias(alias=alias[:200]))
                known.add(alias)
    session.flush()
    lookup = dict(by_key)
    lookup.update({s.name.lower(): s for s in by_key.values()})
    _import_relations(session, rows, lookup)
    signals.catalogue_changed.send(session)
    return report


def _import_relations(session: Session, rows: list[dict], lookup: dict) -> None:
    existing = set(session.execute(
        select(StandardRelation.source_id, StandardRelation.target_id, StandardRelation.kind)).all())
    for row in rows:
        name = (row.get("name") or "").strip()
        source = lookup.get((row.get("key") or "").strip()) or lookup.get(name.lower())
        if source is None:
            continue
        for kind, column in (("implies", "implies"), ("supersedes", "supersedes"),
                             ("equivalent", "equivalent")):
            for ref in _split(row.get(column)):
                target = lookup.get(ref) or lookup.get(ref.lower())
                if target is None or target is source:
                    continue
                if (source.id, target.id, kind) not in existing:
                    session.add(StandardRelation(source_id=source.id, target_id=target.id, kind=kind))
                    existing.add((source.id, target.id, kind))
    session.flush()


def load_reference_data(session: Session) -> None:
    """The demo taxonomy and the project's standards catalogue."""
    import_taxonomy(session, DEMO_TAXONOMY)
    import_standards(session, STANDARDS_CATALOGUE)


# ---------------------------------------------------------------- search (forms' suggestions)

SEARCH_LIMIT = 50
_catalogue_cache: dict = {}
_catalogue_lock = threading.Lock()


def search_categories(session: Session, query: str, locale: str = "en", scheme: str = "UNSPSC",
                      limit: int = 20) -> list[Category]:
    """Categories whose code starts with ``query`` (digits) or whose title, in ``locale`` or in
    English, contains every word of it."""
    query = (query or "").strip()
    limit = max(1, min(limit, SEARCH_LIMIT))
    if not query:
        return []
    stmt = select(Category).where(Category.scheme == scheme)
    if query.isdigit():
        stmt = stmt.where(Category.code.startswith(query))
    else:
        localized = getattr(Category, f"title_{locale}", Category.title_en)
        for word in query.split()[:6]:
            pattern = f"%{word.lower()}%"
            stmt = stmt.where(or_(func.lower(localized).like(pattern),
                                  func.lower(Category.title_en).like(pattern)))
    return list(session.scalars(stmt.order_by(Category.code).limit(limit)))


def _catalogue_stamp(session: Session) -> tuple:
    """Changes whenever the standards, their aliases or relations change (in any process)."""
    return tuple(session.execute(select(
        select(func.count(Standard.id)).scalar_subquery(),
        select(func.max(Standard.id)).scalar_subquery(),
        select(func.count(StandardAlias.id)).scalar_subquery(),
        select(func.max(StandardAlias.id)).scalar_subquery(),
        select(func.count(StandardRelation.id)).scalar_subquery(),
    )).one())


def load_catalogue(session: Session) -> matching.StandardsCatalogue:
    standards = {s.id: s for s in session.scalars(select(Standard))}
    aliases = defaultdict(list)
    for alias in session.scalars(select(StandardAlias)):
        aliases[alias.standard_id].append(alias.alias)
    entries = [matching.StandardEntry(s.key, s.name, tuple(aliases[s.id]), s.typical_months)
               for s in standards.values()]
    relations = [matching.StandardRelation(standards[r.source_id].key,
                                           standards[r.target_id].key, r.kind)
                 for r in session.scalars(select(StandardRelation))]
    return matching.StandardsCatalogue(entries, relations)


def standards_catalogue(session: Session):
    """The standards catalogue as the matching engine sees it, built once per process and
    rebuilt when the catalogue tables change."""
    key = database_key(session)
    stamp = _catalogue_stamp(session)
    with _catalogue_lock:
        entry = _catalogue_cache.get(key)
        if entry is None or entry[0] != stamp:
            entry = _catalogue_cache[key] = (stamp, load_catalogue(session))
        return entry[1]


def suggest_standards(session: Session, query: str, limit: int = 8) -> list:
    """Catalogue entries closest to what the user typed, best first."""
    limit = max(1, min(limit, SEARCH_LIMIT))
    return standards_catalogue(session).suggest(query or "", limit=limit)


def split_names(text: str | None) -> list[str]:
    """The entries of a list typed as "a; b, c" or one per line."""
    return [part.strip() for part in re.split(r"[;,\n]", text or "") if part.strip()]


def standard_keys(session: Session, text: str | None) -> list[str]:
    """Catalogue keys for typed standard names or keys; a name the catalogue cannot resolve
    is kept as typed so that the service reports it as unknown."""
    catalogue = standards_catalogue(session)
    keys = []
    for name in split_names(text):
        if name in catalogue:
            keys.append(name)
            continue
        found = catalogue.resolve(name)
        keys.append(found.key if found else name)
    return list(dict.fromkeys(keys))
