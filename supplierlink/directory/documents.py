"""Keeps each SME's search document current: the text the directory searches, and the
database's full-text index of it (PostgreSQL tsvector or SQLite FTS5)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, delete, insert, select, text
from sqlalchemy.orm import Session

from supplierlink import signals
from supplierlink.catalogue.models import Category, Standard
from supplierlink.db import utcnow
from supplierlink.directory import publication
from supplierlink.directory.models import SupplierSearch
from supplierlink.fulltext import index_text
from supplierlink.geo import country_name, region_name
from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import Capability, Certification, ServiceRegion, SupplierProfile

LIVE_STATUSES = ("self_declared", "verified")


def _pg_document(body: str) -> str:
    """The tsvector of the name (weighted first) and ``body`` in the three configurations."""
    return ("setweight(to_tsvector('sl_es', name), 'A') || setweight(to_tsvector('sl_pt', name), "
            f"'A') || setweight(to_tsvector('sl_en', name), 'A') || to_tsvector('sl_es', {body})"
            f" || to_tsvector('sl_pt', {body}) || to_tsvector('sl_en', {body})")


_PG_DOCUMENTS = (f"document = {_pg_document('body')}, "
                 f"public_document = {_pg_document('public_body')}")


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _compose(org: Organisation, profile, categories, standards,
             regions) -> tuple[str, str, str]:
    """(name, body, public body): names; description and capabilities, categories in es/pt/en
    with their codes, standards held, town and regions; the public body holds the fields the
    SME publishes (its country always), and nothing when it is not in the public directory."""
    sections = {
        "description": [org.description or "", profile.capabilities_text if profile else ""],
        "categories": [text for category in categories for text in (
            category.code, category.title_en, category.title_es or "", category.title_pt or "")],
        "certificates": list(standards),
        "location": [org.town or "", region_name(org.region, "es") if org.region else ""],
        "regions": [region_name(code, "es") for code in regions if code],
        None: [country_name(org.country, lang) for lang in ("es", "pt", "en")],
    }
    shown = publication.visible_fields(org, full=False)

    def joined(keys) -> str:
        return "\n".join(part for key in keys for part in sections[key] if part)

    name = " ".join(n for n in (org.legal_name, org.trade_name) if n)
    public = joined([k for k in sections if k is None or k in shown]) if org.published else ""
    return name[:400], joined(sections), public


def _facts(session: Session, org_ids: list[int] | None = None):
    """Per SME: profile, categories, names of live standards and regions served."""
    def scope(column):
        return column.in_(org_ids) if org_ids is not None else column.is_not(None)

    def grouped(query):
        found = defaultdict(list)
        for owner, value in session.execute(query):
            found[owner].append(value)
        return found

    profiles = {p.organisation_id: p for p in session.scalars(
        select(SupplierProfile).where(scope(SupplierProfile.organisation_id)))}
    categories = grouped(select(Capability.organisation_id, Category).join(
        Category, Category.id == Capability.category_id).where(
        scope(Capability.organisation_id)).order_by(Capability.id))
    standards = grouped(select(Certification.organisation_id, Standard.name).join(
        Standard, Standard.id == Certification.standard_id).where(
        scope(Certification.organisation_id), Certification.status.in_(LIVE_STATUSES))
        .order_by(Certification.id))
    regions = grouped(select(ServiceRegion.organisation_id, ServiceRegion.region_code).where(
        scope(ServiceRegion.organisation_id)).order_by(ServiceRegion.id))
    return profiles, categories, standards, regions


def document_text(session: Session, org: Organisation) -> tuple[str, str, str]:
    profiles, categories, standards, regions = _facts(session, [org.id])
    return _compose(org, profiles.get(org.id), categories[org.id], standards[org.id],
                    regions[org.id])


def refresh_document(session: Session, organisation_id: int) -> None:
    """Write the SME's document and its index entry (or remove them for others)."""
    org = session.get(Organisation, organisation_id)
    _remove_index_entry(session, organisation_id)
    if org is None or org.kind != "sme":
        session.execute(delete(SupplierSearch).where(
            SupplierSearch.organisation_id == organisation_id))
        return
    name, body, public_body = document_text(session, org)
    row = session.get(SupplierSearch, org.id)
    if row is None:
        row = SupplierSearch(organisation_id=org.id, name=name, body=body)
        session.add(row)
    row.name, row.body, row.public_body, row.updated_at = name, body, public_body, utcnow()
    session.flush()
    _write_index_entry(session, org.id, name, body, public_body)


def _remove_index_entry(session: Session, organisation_id: int) -> None:
    if not is_postgresql(session):
        for fts in FTS_TABLES:
            session.execute(text(f"DELETE FROM {fts} WHERE rowid = :id"),
                            {"id": organisation_id})


#: the whole documents, and their published parts (what visitors' searches read)
FTS_TABLES = ("supplier_fts", "supplier_public_fts")


def _fts_insert(session: Session, rows: list[dict]) -> None:
    """Index (organisation_id, name, body, public_body) rows in both FTS5 tables."""
    session.execute(text("INSERT INTO supplier_fts (rowid, name, body) "
                         "VALUES (:id, :name, :body)"), rows)
    session.execute(text("INSERT INTO supplier_public_fts (rowid, name, body) "
                         "VALUES (:id, :name, :public_body)"), rows)


def _fts_row(organisation_id: int, name: str, body: str, public_body: str) -> dict:
    return {"id": organisation_id, "name": index_text(name), "body": index_text(body),
            "public_body": index_text(public_body)}


def _write_index_entry(session: Session, organisation_id: int, name: str, body: str,
                       public_body: str) -> None:
    if is_postgresql(session):
        session.execute(text(f"UPDATE supplier_search SET {_PG_DOCUMENTS} "
                             "WHERE organisation_id = :id"), {"id": organisation_id})
    else:
        _fts_insert(session, [_fts_row(organisation_id, name, body, public_body)])


def rebuild_directory(session: Session, organisation_ids: list[int] | None = None) -> int:
    """Rewrite every SME's document (or those of ``organisation_ids``) in a few statements:
    after a bulk load, an import or a catalogue change."""
    query = select(Organisation).where(Organisation.kind == "sme").order_by(Organisation.id)
    if organisation_ids is not None:
        query = query.where(Organisation.id.in_(organisation_ids))
    orgs = session.scalars(query).all()
    profiles, categories, standards, regions = _facts(session, organisation_ids)
    rows = []
    for org in orgs:
        name, body, public_body = _compose(org, profiles.get(org.id), categories[org.id],
                                           standards[org.id], regions[org.id])
        rows.append({"organisation_id": org.id, "name": name, "body": body,
                     "public_body": public_body, "updated_at": utcnow()})
    for stale in [o for o in session.identity_map.values() if isinstance(o, SupplierSearch)]:
        session.expunge(stale)
    scope = (SupplierSearch.organisation_id.in_(organisation_ids),) \
        if organisation_ids is not None else ()
    session.execute(delete(SupplierSearch).where(*scope)
                    .execution_options(synchronize_session=False))
    if rows:
        session.execute(insert(SupplierSearch), rows)
    if is_postgresql(session):
        if organisation_ids is None:
            session.execute(text(f"UPDATE supplier_search SET {_PG_DOCUMENTS}"))
        else:
            session.execute(text(f"UPDATE supplier_search SET {_PG_DOCUMENTS} "
                                 "WHERE organisation_id IN :ids").bindparams(
                bindparam("ids", expanding=True)), {"ids": list(organisation_ids)})
    else:
        for fts in FTS_TABLES:
            if organisation_ids is None:
                session.execute(text(f"DELETE FROM {fts}"))
            else:
                session.execute(text(f"DELETE FROM {fts} WHERE rowid = :id"),
                                [{"id": org_id} for org_id in organisation_ids] or [{"id": 0}])
        if rows:
            _fts_insert(session, [_fts_row(r["organisation_id"], r["name"], r["body"],
                                           r["public_body"]) for r in rows])
    return len(rows)


@signals.records_imported.connect
def _on_records_imported(session: Session, organisation_ids=(), **_) -> None:
    # suppliers that came in from a file are found by buyers at once
    if organisation_ids:
        rebuild_directory(session, list(organisation_ids))


@signals.supplier_changed.connect
def _on_supplier_changed(session: Session, organisation_id: int, **_) -> None:
    refresh_document(session, organisation_id)


@signals.certificate_status_changed.connect
@signals.publication_changed.connect
def _on_document_changed(session: Session, organisation_id: int, **_) -> None:
    refresh_document(session, organisation_id)



@signals.catalogue_changed.connect
def _on_catalogue_changed(session: Session, **_) -> None:
    # category titles and standard names are part of every document
    rebuild_directory(session)
