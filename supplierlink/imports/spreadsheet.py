"""Suppliers, certificates and requirements from a spreadsheet, row by row through the same
checks as the forms (so a row is accepted exactly when the form would accept it).

Certificates and requirements go through the forms' services, each row in a savepoint: a bad
row is rolled back and reported with its reasons. Suppliers are checked by the same services'
checks, row by row against what is registered and the rows before them, and the valid ones
written many at a time (a bad row writes nothing). A dry run rolls everything back; a
committed import keeps the valid rows only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from supplierlink import jobs, signals
from supplierlink.errors import ServiceError
from supplierlink.imports.dedupe import ExistingOrganisations
from supplierlink.imports.parties import Party
from supplierlink.imports.tables import KINDS
from supplierlink.organisations.models import Organisation
from supplierlink.organisations.services import (
    OrganisationData,
    check_new_organisation,
    create_organisation,
    organisation_values,
    tax_id_error,
)
from supplierlink.requirements.services import RequirementData, post_requirement
from supplierlink.suppliers.models import Capability, ServiceRegion, SupplierProfile
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    add_certification,
    certificate_date_errors,
    check_profile,
    profile_values,
    resolve_standard,
    update_profile,
)

#: service field names → the import's field names
SERVICE_FIELDS = {"category_codes": "categories", "standard": "standard"}


@dataclass
class Problem:
    line: int
    field: str
    message: str


@dataclass
class ProbableDuplicate:
    line: int
    name: str
    organisation_id: int
    organisation_name: str
    score: float


@dataclass
class SheetReport:
    kind: str
    rows: int = 0
    valid: int = 0
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[ProbableDuplicate] = field(default_factory=list)
    committed: bool = False

    @property
    def bad_lines(self) -> int:
        return len({p.line for p in self.problems})


class RowError(Exception):
    def __init__(self, errors: dict):
        self.errors = errors


def _number(values, key, kind=float):
    raw = values.get(key, "").replace(" ", "")
    if not raw:
        return None
    try:
        return kind(float(raw.replace(",", "."))) if kind is int else kind(raw.replace(",", "."))
    except ValueError:
        raise RowError({key: [_l("Not a number: %(value)s", value=raw)]}) from None


def _date(values, key):
    raw = values.get(key, "")
    if not raw:
        return None
    for parse in (date.fromisoformat,
                  lambda t: date(*reversed([int(p) for p in t.replace("/", "-").split("-")]))):
        try:
            return parse(raw[:10])
        except (ValueError, TypeError):
            continue
    raise RowError({key: [_l("Not a date (use YYYY-MM-DD or DD/MM/YYYY): %(value)s",
                             value=raw)]})


def _list(values, key):
    return [v.strip() for v in values.get(key, "").replace(",", ";").split(";") if v.strip()]


def _organisation(session, values, kind) -> Organisation:
    country = values.get("country", "").strip().upper()
    tax_id, error = tax_id_error(country, values.get("tax_id", ""))
    org = None if error else session.scalar(select(Organisation).where(
        Organisation.tax_country == country, Organisation.tax_id == tax_id))
    if org is None or org.kind != kind:
        raise RowError({"tax_id": [_l("No registered organisation of this kind has this tax "
                                      "id in %(country)s.", country=country or "?")]})
    return org


def _supplier_data(values) -> tuple[OrganisationData, ProfileData]:
    data = OrganisationData(
        kind="sme", legal_name=values.get("legal_name", ""),
        country=values.get("country", "").strip().upper(), tax_id=values.get("tax_id", ""),
        region=values.get("region", "").strip().upper() or None,
        town=values.get("town") or None, employees=_number(values, "employees", int),
        trade_name=values.get("trade_name") or None, website=values.get("website") or None,
        description=values.get("description", ""))
    profile = ProfileData(capabilities_text=values.get("capabilities_text", ""),
                          capacity=_number(values, "capacity"),
                          capacity_unit=values.get("capacity_unit") or None,
                          category_codes=_list(values, "categories"),
                          regions=_list(values, "regions_served"))
    return data, profile


def _profile_errors(exc: ServiceError) -> RowError:
    return RowError({"regions_served" if k == "regions" else k: v for k, v in exc.errors.items()})


class _SupplierBatch:
    """Supplier rows checked by the forms' services one by one, against what is registered and
    the rows before them, and written many at a time: a bad row writes nothing, so it needs no
    savepoint of its own, and the lookups (tax ids, categories) are made once per batch."""

    SIZE = 1000

    def __init__(self, session: Session, rows: list[dict]):
        self.session = session
        self.known: dict = {}  # categories found so far
        self.waiting: list[tuple] = []
        self.written: set[int] = set()  # ids of the organisations created
        countries = {v.get("country", "").strip().upper() for v in rows} - {""}
        self.taken = set(session.execute(
            select(Organisation.tax_country, Organisation.tax_id)
            .where(Organisation.tax_country.in_(sorted(countries))))) if countries else set()
        self.taken = {tuple(t) for t in self.taken}

    def check(self, values) -> None:
        data, profile = _supplier_data(values)
        org = organisation_values(data, check_new_organisation(self.session, data, self.taken))
        try:
            categories, regions = check_profile(self.session, Organisation(kind=data.kind),
                                                profile, self.known)
        except ServiceError as exc:
            raise _profile_errors(exc) from None
        self.taken.add((org["tax_country"], org["tax_id"]))
        self.waiting.append((org, profile, categories, regions))
        if len(self.waiting) >= self.SIZE:
            self.write()

    def write(self) -> None:
        waiting, self.waiting = self.waiting, []
        if not waiting:
            return
        ids = self.session.scalars(
            insert(Organisation).returning(Organisation.id, sort_by_parameter_order=True),
            [org for org, *_ in waiting]).all()
        # a new profile as the form makes it: created at version 1, then saved
        self.session.execute(insert(SupplierProfile), [
            {"organisation_id": org_id, "version": 2, **profile_values(profile)}
            for org_id, (_o, profile, *_) in zip(ids, waiting, strict=True)])
        capabilities = [{"organisation_id": org_id, "category_id": c.id}
                        for org_id, (_o, _p, categories, _r) in zip(ids, waiting, strict=True)
                        for c in categories]
        regions = [{"organisation_id": org_id, "region_code": r}
                   for org_id, (_o, _p, _c, codes) in zip(ids, waiting, strict=True)
                   for r in codes]
        if capabilities:
            self.session.execute(insert(Capability), capabilities)
        if regions:
            self.session.execute(insert(ServiceRegion), regions)
        self.written.update(ids)


def _supplier(session, values, user, context):
    data, profile = _supplier_data(values)
    org = create_organisation(session, data)
    try:
        update_profile(session, org, profile)
    except ServiceError as exc:
        raise _profile_errors(exc) from None
    context["changed"].add(org.id)
    return org


def _certificate(session, values, user, context):
    org = _organisation(session, values, "sme")
    standard, _found = resolve_standard(session, values.get("standard", ""))
    data = CertificationData(standard=standard, body=values.get("body") or None,
                             number=values.get("number") or None,
                             scope=values.get("scope", ""),
                             issued_on=_date(values, "issued_on"),
                             expires_on=_date(values, "expires_on"))
    errors = certificate_date_errors(data, date.today())
    if errors:
        raise RowError(errors)
    add_certification(session, org, data, user)
    context["changed"].add(org.id)


def _requirement(session, values, user, context):
    org = _organisation(session, values, "lead_firm")
    post_requirement(session, org, user, RequirementData(
        title=values.get("title", ""), description=values.get("description", ""),
        category_codes=_list(values, "categories"),
        must_standards=_standard_keys(session, values, "must_standards"),
        preferred_standards=_standard_keys(session, values, "preferred_standards"),
        min_capacity=_number(values, "min_capacity"),
        regions=[r.upper() for r in _list(values, "regions")],
        need_date=_date(values, "need_date"),
        delivery_site=values.get("delivery_site") or None))


def _standard_keys(session, values, key):
    keys = []
    for name in _list(values, key):
        standard, _found = resolve_standard(session, name, field_name=key)
        keys.append(standard.key)
    return keys


HANDLERS: dict[str, Callable] = {"suppliers": _supplier, "certificates": _certificate,
                                 "requirements": _requirement}


def _probable_duplicate(existing, values, line) -> ProbableDuplicate | None:
    name = values.get("legal_name", "").strip()
    if not name:
        return None
    party = Party("sheet", str(line), values.get("trade_name") or name, "sme",
                  values.get("country", "").strip().upper(), values.get("town") or None,
                  legal_name=name)
    match = existing.best_match(party)
    if match is None:
        return None
    return ProbableDuplicate(line, name, match.organisation_id,
                             existing.display_names[match.organisation_id], match.score)


def _one_row(session, kind, values, user, context) -> None:
    """A row through the services, in a savepoint of its own: a bad row leaves nothing."""
    savepoint = session.begin_nested()
    try:
        HANDLERS[kind](session, values, user, context)
    except (ServiceError, RowError):
        savepoint.rollback()
        raise
    savepoint.commit()


def run_sheet(session: Session, kind: str, rows: list[list[str]], mapping: dict[int, str | None],
              user=None, commit: bool = False,
              on_progress: Callable[[int, int], None] | None = None) -> SheetReport:
    """Check (and with ``commit``, import) the rows; line numbers count the header as line 1."""
    if kind not in HANDLERS:
        raise ValueError(kind)
    report = SheetReport(kind, rows=len(rows))
    known = {f.key for f in KINDS[kind]}
    columns = [(i, key) for i, key in mapping.items() if key in known]
    existing = ExistingOrganisations(session) if kind == "suppliers" else None
    context = {"changed": set()}
    pending_before = dict(session.info.get(jobs.PENDING_KEY, {}))
    outer = session.begin_nested()
    try:
        table = [{key: (row[i] if i < len(row) else "").strip() for i, key in columns}
                 for row in rows]
        batch = _SupplierBatch(session, table) if kind == "suppliers" else None
        for number, values in enumerate(table):
            line = number + 2
            if existing is not None and (found := _probable_duplicate(existing, values, line)):
                report.duplicates.append(found)
            try:
                if batch is not None:
                    batch.check(values)
                else:
                    _one_row(session, kind, values, user, context)
            except (ServiceError, RowError) as exc:
                for key, messages in exc.errors.items():
                    for message in messages:
                        report.problems.append(Problem(line, SERVICE_FIELDS.get(key, key),
                                                       str(message)))
            else:
                report.valid += 1
            if on_progress is not None and (number + 1) % 500 == 0:
                on_progress(number + 1, len(rows))
        if batch is not None:
            batch.write()
            context["changed"] |= batch.written
        if commit and report.valid:
            if context["changed"]:
                signals.records_imported.send(session,
                                              organisation_ids=sorted(context["changed"]))
            outer.commit()
            report.committed = True
        else:
            outer.rollback()
            session.info[jobs.PENDING_KEY] = pending_before  # a dry run leaves no work behind
    except Exception:
        if outer.is_active:
            outer.rollback()
        session.info[jobs.PENDING_KEY] = pending_before
        raise
    return report
