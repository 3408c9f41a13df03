"""Posting, publishing, editing and closing requirements; each change re-ranks the suppliers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from supplierlink import ranges, signals
from supplierlink.auth.models import User
from supplierlink.capacity_units import valid_unit
from supplierlink.catalogue.models import Standard
from supplierlink.db import utcnow
from supplierlink.errors import ConflictError, ServiceError
from supplierlink.geo import COUNTRIES, clean_place, place_error, valid_service_area
from supplierlink.labels import REQUIREMENT_STATUS_LABELS
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import (
    CATEGORY_DEPTHS,
    Requirement,
    RequirementCategory,
    RequirementRegion,
    RequirementStandard,
)
from supplierlink.suppliers.services import resolve_categories
from supplierlink.transactions import flush_or_conflict, lock

STALE_MESSAGE = _l("Someone else changed this requirement while you were editing it. "
                   "Reload it to see their changes.")
TRANSITIONS = {"draft": {"open"}, "open": {"closed", "awarded"}, "closed": {"open", "awarded"},
               "awarded": set()}


@dataclass
class RequirementData:
    title: str
    description: str = ""
    category_codes: list[str] = field(default_factory=list)
    must_standards: list[str] = field(default_factory=list)  # standard keys
    preferred_standards: list[str] = field(default_factory=list)
    min_capacity: float | None = None
    capacity_unit: str | None = None  # a key of ``matching.units.UNITS``
    category_depth: str = "code"  # one of ``models.CATEGORY_DEPTHS``
    regions: list[str] = field(default_factory=list)
    need_date: date | None = None
    delivery_site: str | None = None
    scheme: str = "UNSPSC"


def _standards(session: Session, keys: list[str], field_name: str) -> list[Standard]:
    keys = list(dict.fromkeys(k for k in keys if k))
    if not keys:
        return []
    found = {s.key: s for s in session.scalars(select(Standard).where(Standard.key.in_(keys)))}
    missing = [k for k in keys if k not in found]
    if missing:
        raise ServiceError({field_name: _l("Unknown standards: %(names)s",
                                           names=", ".join(missing))})
    return [found[k] for k in keys]


def _validated(session: Session, data: RequirementData, today: date):
    errors: dict[str, list] = {}
    parts = {}
    if not data.title.strip():
        errors["title"] = [_l("A title is required.")]
    for name, call in (
        ("categories", lambda: resolve_categories(session, data.category_codes, data.scheme)),
        ("must", lambda: _standards(session, data.must_standards, "must_standards")),
        ("preferred", lambda: _standards(session, data.preferred_standards, "preferred_standards")),
    ):
        try:
            parts[name] = call()
        except ServiceError as exc:
            errors.update(exc.errors)
    if not data.category_codes:
        errors["category_codes"] = [_l("Choose at least one category.")]
    data.regions = list(dict.fromkeys(r.strip().upper() for r in data.regions if r.strip()))
    # valid_service_area accepts any well-formed subdivision code, so check the country too
    bad_regions = [r for r in data.regions if not valid_service_area(r) or r[:2] not in COUNTRIES]
    if bad_regions:
        errors["regions"] = [_l("Unknown regions: %(regions)s", regions=", ".join(bad_regions))]
    data.delivery_site = clean_place(data.delivery_site)
    if error := place_error(data.delivery_site):
        errors["delivery_site"] = [error]
    if data.need_date and data.need_date < today:
        errors["need_date"] = [_l("The need date is in the past.")]
    if data.min_capacity is not None and data.min_capacity < 0:
        errors["min_capacity"] = [_l("Capacity cannot be negative.")]
    ranges.check_numbers(errors, min_capacity=(data.min_capacity, "capacity"))
    ranges.check_dates(errors, need_date=data.need_date)
    if not valid_unit(data.capacity_unit):
        errors["capacity_unit"] = [_l("Choose a unit from the list.")]
    elif data.min_capacity is not None and not data.capacity_unit:
        errors["capacity_unit"] = [_l("Say in which unit the capacity is.")]
    if data.category_depth not in CATEGORY_DEPTHS:
        errors["category_depth"] = [_l("Choose which suppliers to consider from the list.")]
    overlap = set(data.must_standards) & set(data.preferred_standards)
    if overlap:
        errors["preferred_standards"] = [_l("A standard is either required or preferred, not both.")]
    if errors:
        raise ServiceError(errors)
    return parts


def _sync(current: list, key_of, wanted: dict, make) -> list:
    """Keep the rows whose ``key_of(row)`` is still wanted (``wanted``: key -> attributes), add
    the others.

    Replacing every row would insert the new ones before deleting the old and break the
    unique constraints, so rows are updated in place.
    """
    kept = {}
    for row in current:
        key = key_of(row)
        if key in wanted and key not in kept:
            for name, value in wanted[key].items():
                setattr(row, name, value)
            kept[key] = row
    return [kept.get(key) or make(**attrs) for key, attrs in wanted.items()]


def _apply(req: Requirement, data: RequirementData, parts: dict) -> None:
    req.title = data.title.strip()
    req.description = data.description or ""
    req.min_capacity = data.min_capacity
    req.capacity_unit = data.capacity_unit if data.min_capacity is not None else None
    req.category_depth = data.category_depth
    req.need_date = data.need_date
    req.delivery_site = data.delivery_site
    categories = {c.id: {"category_id": c.id} for c in parts["categories"]}
    req.categories = _sync(req.categories, lambda row: row.category_id, categories,
                           RequirementCategory)
    standards = {s.id: {"standard_id": s.id, "necessity": "must"} for s in parts["must"]}
    standards.update({s.id: {"standard_id": s.id, "necessity": "preferred"}
                      for s in parts["preferred"]})
    req.standards = _sync(req.standards, lambda row: row.standard_id, standards,
                          RequirementStandard)
    req.regions = _sync(req.regions, lambda row: row.region_code,
                        {r: {"region_code": r} for r in data.regions}, RequirementRegion)


def create_requirement(session: Session, org: Organisation, user: User | None,
                       data: RequirementData, today: date | None = None) -> Requirement:
    if org.kind != "lead_firm":
        raise ServiceError({"": _l("Only lead firms post requirements.")})
    parts = _validated(session, data, today or date.today())
    req = Requirement(organisation_id=org.id, created_by_id=user.id if user else None,
                      status="draft")
    _apply(req, data, parts)
    session.add(req)
    session.flush()
    return req


def update_requirement(session: Session, req: Requirement, data: RequirementData,
                       expected_version: int, today: date | None = None) -> Requirement:
    """Save an edit made on ``expected_version``; a newer version in the database is a conflict."""
    lock(session, req)
    _check_version(req, expected_version)
    parts = _validated(session, data, today or date.today())
    _apply(req, data, parts)
    # Edits that only touch the categories, standards or regions must bump the version too.
    flag_modified(req, "title")
    flush_or_conflict(session, STALE_MESSAGE)
    rerank(session, req, today)
    return req


def _check_version(req: Requirement, expected_version: int) -> None:
    if req.version != expected_version:
        raise ConflictError({"": STALE_MESSAGE})


def rerank(session: Session, req: Requirement, today: date | None = None) -> None:
    """Announce that ``req`` changed: its suppliers are ranked again after the commit."""
    signals.requirement_changed.send(session, requirement_id=req.id, today=today)


def post_requirement(session: Session, org: Organisation, user: User | None,
                     data: RequirementData, publish: bool = False,
                     today: date | None = None) -> Requirement:
    """Create a requirement (a draft, or published at once) and rank the suppliers for it.

    Drafts are ranked too, so the buyer sees who would qualify before publishing.
    """
    req = create_requirement(session, org, user, data, today=today)
    if publish:
        change_status(session, req, "open")
    rerank(session, req, today)
    return req


def set_status(session: Session, req: Requirement, status: str, expected_version: int,
               today: date | None = None) -> Requirement:
    """Publish, close, reopen or award a requirement the buyer saw at ``expected_version``."""
    lock(session, req)
    _check_version(req, expected_version)
    if status == "open" and req.need_date and req.need_date < (today or date.today()):
        raise ServiceError({"status": _l("The need date is in the past: edit it before "
                                         "publishing.")})
    change_status(session, req, status)
    rerank(session, req, today)
    return req


def change_status(session: Session, req: Requirement, status: str) -> Requirement:
    if status not in TRANSITIONS.get(req.status, set()):
        raise ServiceError({"status": _l(
            "A requirement with status “%(old)s” cannot become “%(new)s”.",
            old=REQUIREMENT_STATUS_LABELS.get(req.status, req.status),
            new=REQUIREMENT_STATUS_LABELS.get(status, status))})
    old_status, first_publication = req.status, status == "open" and req.published_at is None
    req.status = status
    if first_publication:
        req.published_at = utcnow()
    session.flush()
    signals.requirement_status_changed.send(session, requirement_id=req.id,
                                            old_status=old_status, new_status=status)
    if first_publication:
        signals.requirement_published.send(session, requirement_id=req.id)
    return req
