"""What the directory pages show, worked out here: result cards, facet labels, and a
supplier's profile with, for a buyer, its fit to each of the buyer's open requirements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import astuple
from datetime import date

from flask import render_template
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from supplierlink import consent
from supplierlink.catalogue.models import Category, Standard
from supplierlink.directory.publication import visible_fields
from supplierlink.directory.search import (
    DirectoryQuery,
    DirectoryResult,
    recall,
    search_suppliers,
)
from supplierlink.geo import COUNTRIES, SUBDIVISIONS, country_name, region_name
from supplierlink.labels import CERTIFICATION_STATUS_LABELS, SIZE_CLASS_LABELS, label
from supplierlink.matches.services import assess_supplier, gap_dicts
from supplierlink.matches.wording import gap_view
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.wording import DEFAULT_STAGE_LABELS
from supplierlink.requirements.models import Requirement
from supplierlink.suppliers.models import (
    Capability,
    Certification,
    ExportRecord,
    ServiceRegion,
    SupplierProfile,
)

SHOWN_STATUSES = ("self_declared", "verified", "expired")
STAGE_KEYS = tuple(DEFAULT_STAGE_LABELS)


def sees_everything(org: Organisation | None) -> bool:
    """Buyers, programme managers and administrators search every SME; anyone else only the
    SMEs that chose to appear in the public directory."""
    if current_user.is_authenticated and current_user.is_admin:
        return True
    return org is not None and org.kind in ("lead_firm", "programme_operator")


def visible_supplier(session: Session, supplier_id: int, viewer: Organisation | None):
    supplier = session.get(Organisation, supplier_id)
    if supplier is None or supplier.kind != "sme":
        return None
    own = viewer is not None and viewer.id == supplier.id
    if not (supplier.published or own or sees_everything(viewer)):
        return None
    return supplier


def _grouped(session: Session, query) -> dict:
    found = defaultdict(list)
    for row in session.execute(query):
        found[row[0]].append(row[1:] if len(row) > 2 else row[1])
    return found


def result_cards(session: Session, ids: list[int], locale: str, today: date,
                 full: bool) -> list[dict]:
    """One card per supplier, in the order of ``ids``: all it declares for a viewer who sees
    the whole directory (``full``), what it publishes for anyone else."""
    if not ids:
        return []
    orgs = {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}
    categories = _grouped(session, select(Capability.organisation_id, Category).join(
        Category, Category.id == Capability.category_id).where(Capability.organisation_id.in_(ids))
        .order_by(Capability.id))
    regions = _grouped(session, select(ServiceRegion.organisation_id, ServiceRegion.region_code)
                       .where(ServiceRegion.organisation_id.in_(ids)).order_by(ServiceRegion.id))
    standards = _grouped(session, select(Certification.organisation_id, Standard.name,
                                         Certification.status, Certification.expires_on)
                         .join(Standard, Standard.id == Certification.standard_id)
                         .where(Certification.organisation_id.in_(ids),
                                Certification.status.in_(("self_declared", "verified"))))
    profiles = {p.organisation_id: p for p in session.scalars(
        select(SupplierProfile).where(SupplierProfile.organisation_id.in_(ids)))}
    cards = []
    for org_id in ids:
        org = orgs[org_id]
        profile = profiles.get(org_id)
        shown = visible_fields(org, full)
        located = "location" in shown
        cards.append({
            "org": org, "shown": shown,
            "size": label(SIZE_CLASS_LABELS, org.size_class) if "size" in shown else None,
            "place": ", ".join(p for p in (org.town if located else None,
                                           region_name(org.region) if located and org.region
                                           else None, country_name(org.country, locale)) if p),
            "summary": _summary(org.description or (profile.capabilities_text if profile else ""))
            if "description" in shown else "",
            "categories": [(c.code, c.title(locale)) for c in categories.get(org_id, [])[:3]]
            if "categories" in shown else [],
            "regions": [region_name(code) for code in regions.get(org_id, [])[:4]]
            if "regions" in shown else [],
            "standards": sorted({(name, status == "verified") for name, status, expires
                                 in standards.get(org_id, []) if not expires or expires >= today})
            if "certificates" in shown else [],
            "capacity": profile.capacity if profile and "capacity" in shown else None,
            "capacity_unit": profile.capacity_unit if profile and "capacity" in shown else None,
        })
    return cards


def _summary(text: str, limit: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def facet_labels(result: DirectoryResult, locale: str, session: Session) -> dict:
    """Facet values with the words a user reads, and their counts."""
    names = dict(session.execute(select(Standard.key, Standard.name)).all())
    words = {
        "country": lambda v: country_name(v, locale),
        "size": lambda v: label(SIZE_CLASS_LABELS, v),
        "region": lambda v: region_name(v),
        "standard": lambda v: names.get(v, v),
    }
    return {facet: [(value, words[facet](value), count) for value, count in values]
            for facet, values in result.facets.items()}


def directory_context(session: Session, q: DirectoryQuery, viewer: Organisation | None,
                      locale: str, today: date | None = None) -> dict:
    today = today or date.today()
    full = sees_everything(viewer)
    result = search_suppliers(session, q, public_only=not full, today=today)
    return {
        "q": q, "result": result, "cards": result_cards(session, result.ids, locale, today, full),
        "facets": facet_labels(result, locale, session), "full": full,
        "countries": sorted(((c, country_name(c, locale)) for c in COUNTRIES),
                            key=lambda item: item[1]),
        "regions": [(code, name) for country in SUBDIVISIONS
                    for code, name in SUBDIVISIONS[country].items()],
        "standards": session.execute(select(Standard.key, Standard.name)
                                     .order_by(Standard.name)).all(),
        "sizes": list(SIZE_CLASS_LABELS.items()),
        "stages": [(i, DEFAULT_STAGE_LABELS[key]) for i, key in enumerate(STAGE_KEYS)],
    }


def directory_body(session: Session, q: DirectoryQuery, viewer: Organisation | None,
                   locale: str, today: date | None = None) -> Markup:
    """The directory page's body for ``q`` as ``viewer`` sees it (``directory/_body.html``):
    the search, its cards and facets, drawn once per process for the same search, visibility,
    language and day while the search documents are unchanged (``search.recall``). A card shows
    only what rewrites its SME's document when it changes, and the body holds nothing else of
    the viewer, so a kept body is the one this request would draw."""
    today = today or date.today()
    full = sees_everything(viewer)
    return recall(session, ("body", astuple(q), full, locale, today), lambda: Markup(
        render_template("directory/_body.html",
                        **directory_context(session, q, viewer, locale, today))))


def buyer_matches(session: Session, supplier: Organisation, buyer: Organisation,
                  today: date | None = None) -> list[dict]:
    """The supplier's fit to each open requirement of ``buyer``."""
    requirements = session.scalars(select(Requirement).where(
        Requirement.organisation_id == buyer.id, Requirement.status == "open")
        .order_by(Requirement.need_date, Requirement.id)).all()
    found = []
    for req in requirements:
        try:
            result = assess_supplier(session, supplier, req, today=today)
        except KeyError:  # not in the engine's index yet
            continue
        gaps = [gap_view(g) for g in gap_dicts(result)]
        found.append({"requirement": req, "score": round(float(result.score) * 100),
                      "qualified": result.qualified,
                      "blocking": [g for g in gaps if g["blocking"]]})
    found.sort(key=lambda m: (not m["qualified"], -m["score"]))
    return found


def profile_context(session: Session, supplier: Organisation, viewer: Organisation | None,
                    locale: str, today: date | None = None) -> dict:
    today = today or date.today()
    full = sees_everything(viewer) or (viewer is not None and viewer.id == supplier.id)
    card = result_cards(session, [supplier.id], locale, today, full)[0]
    shown = card["shown"]
    categories = session.scalars(select(Category).join(
        Capability, Capability.category_id == Category.id).where(
        Capability.organisation_id == supplier.id).order_by(Category.code)).all() \
        if "categories" in shown else []
    regions = session.scalars(select(ServiceRegion.region_code).where(
        ServiceRegion.organisation_id == supplier.id).order_by(ServiceRegion.id)).all() \
        if "regions" in shown else []
    certificates = []
    for cert in session.scalars(select(Certification).where(
            Certification.organisation_id == supplier.id,
            Certification.status.in_(SHOWN_STATUSES)).order_by(Certification.id)) \
            if "certificates" in shown else ():
        status = cert.effective_status(today)
        certificates.append({"standard": cert.standard.name, "status": status,
                             "label": label(CERTIFICATION_STATUS_LABELS, status),
                             "expires_on": cert.expires_on, "body": cert.body,
                             "evidence": cert.evidence_file is not None
                             and consent.may_see_evidence(session, current_user, cert.organisation_id), "id": cert.id})
    profile = session.get(SupplierProfile, supplier.id)
    exports = session.execute(select(ExportRecord.market, ExportRecord.year).where(
        ExportRecord.organisation_id == supplier.id).order_by(ExportRecord.year.desc())).all() \
        if "exports" in shown else []
    stage = profile.programme_stage if profile and "stage" in shown else None
    described = "description" in shown
    return {
        "supplier": supplier, "card": card, "full": full, "shown": shown,
        "description": supplier.description if described else "",
        "capabilities_text": profile.capabilities_text if profile and described else "",
        "website": supplier.website if "contact" in shown else None,
        "categories": [(c.code, c.title(locale)) for c in categories],
        "regions": [f"{region_name(code)} ({code})" for code in regions],
        "certificates": certificates,
        "exports": [(country_name(m, locale), y) for m, y in exports],
        "stage": DEFAULT_STAGE_LABELS[STAGE_KEYS[stage]] if stage is not None
        and 0 <= stage < len(STAGE_KEYS) else None,
        "matches": buyer_matches(session, supplier, viewer, today)
        if viewer is not None and viewer.kind == "lead_firm" else [],
    }
