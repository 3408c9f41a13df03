"""Keeps each SME's search document current: the text the directory searches, and the
database's full-text index of it (PostgreSQL tsvector or SQLite FTS5)."""

from __future__ import annotations

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from supplierlink import signals
from supplierlink.catalogue.models import Category, Standard
from supplierlink.db import utcnow
from supplierlink.directory.models import SupplierSearch
from supplierlink.directory.text import index_text
from supplierlink.geo import country_name, region_name
from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import Capability, Certification, ServiceRegion, SupplierProfile

LIVE_STATUSES = ("self_declared", "verified")
_PG_DOCUMENT = (
    "setweight(to_tsvector('sl_es', name), 'A') || setweight(to_tsvector('sl_pt', name), 'A')"
    " || setweight(to_tsvector('sl_en', name), 'A') || to_tsvector('sl_es', body)"
    " || to_tsvector('sl_pt', body) || to_tsvector('sl_en', body)")


def is_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def document_text(session: Session, org: Organisation) -> tuple[str, str]:
    """(name, body): names; description, capabilities, categories in es/pt/en with their
    codes, standards held, town and regions served."""
    profile = session.get(SupplierProfile, org.id)
    categories = session.scalars(select(Category).join(
        Capability, Capability.category_id == Category.id).where(
        Capability.organisation_id == org.id)).all()
    standards = session.scalars(select(Standard.name).join(
        Certification, Certification.standard_id == Standard.id).where(
        Certification.organisation_id == org.id,
        Certification.status.in_(LIVE_STATUSES))).all()
    regions = session.scalars(select(ServiceRegion.region_code).where(
        ServiceRegion.organisation_id == org.id)).all()
    parts = [org.description or "", profile.capabilities_text if profile else ""]
    for category in categories:
        parts += [category.code, category.title_en, category.title_es or "",
                  category.title_pt or ""]
    parts += list(standards)
    parts += [org.town or "", country_name(org.country, "es"), country_name(org.country, "pt"),
              country_name(org.country, "en")]
    parts += [region_name(code, "es") for code in [org.region or "", *regions] if code]
    name = " ".join(n for n in (org.legal_name, org.trade_name) if n)
    return name[:400], "\n".join(p for p in parts if p)


def refresh_document(session: Session, organisation_id: int) -> None:
    """Write the SME's document and its index entry (or remove them for others)."""
    org = session.get(Organisation, organisation_id)
    _remove_index_entry(session, organisation_id)
    if org is None or org.kind != "sme":
        session.execute(delete(SupplierSearch).where(
            SupplierSearch.organisation_id == organisation_id))
        return
    name, body = document_text(session, org)
    row = session.get(SupplierSearch, org.id)
    if row is None:
        row = SupplierSearch(organisation_id=org.id, name=name, body=body)
        session.add(row)
    row.name, row.body, row.updated_at = name, body, utcnow()
    session.flush()
    _write_index_entry(session, org.id, name, body)


def _remove_index_entry(session: Session, organisation_id: int) -> None:
    if not is_postgresql(session):
        session.execute(text("DELETE FROM supplier_fts WHERE rowid = :id"),
                        {"id": organisation_id})


def _write_index_entry(session: Session, organisation_id: int, name: str, body: str) -> None:
    if is_postgresql(session):
        session.execute(text(f"UPDATE supplier_search SET document = {_PG_DOCUMENT} "
                             "WHERE organisation_id = :id"), {"id": organisation_id})
    else:
        session.execute(text("INSERT INTO supplier_fts (rowid, name, body) "
                             "VALUES (:id, :name, :body)"),
                        {"id": organisation_id, "name": index_text(name),
                         "body": index_text(body)})


def rebuild_directory(session: Session) -> int:
    """Rewrite every SME's document (after a bulk load or a catalogue change)."""
    ids = session.scalars(select(Organisation.id).where(Organisation.kind == "sme")
                          .order_by(Organisation.id)).all()
    for organisation_id in ids:
        refresh_document(session, organisation_id)
    return len(ids)


@signals.supplier_changed.connect
def _on_supplier_changed(session: Session, organisation_id: int, **_) -> None:
    refresh_document(session, organisation_id)


@signals.certificate_status_changed.connect
def _on_certificate_status_changed(session: Session, organisation_id: int, **_) -> None:
    refresh_document(session, organisation_id)

