"""Programmes, cohorts, who may see them, and enrolling a supplier from the matching engine's
gaps (the development plan is drafted from them, never typed again)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, lazyload

from programs import DEFAULT_LADDER, LadderError, plan_items_from_gaps, schedule_milestones
from programs.definitions import ladder_from_names, ladder_pairs
from programs.plans import as_gap, gap_identity
from supplierlink import consent, ranges, signals
from supplierlink.auth.models import User
from supplierlink.catalogue.models import Standard
from supplierlink.errors import ServiceError
from supplierlink.matches.models import MatchResult
from supplierlink.matches.services import assess_supplier, gap_dicts
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.history import log_event
from supplierlink.programmes.models import (
    Cohort,
    Enrolment,
    Milestone,
    PlanItem,
    Programme,
    ProgrammeSponsor,
)
from supplierlink.programmes.sponsorship import invite_sponsor
from supplierlink.requirements.models import Requirement
from supplierlink.transactions import lock


@dataclass
class ProgrammeData:
    name: str
    target_count: int
    start_date: date
    end_date: date
    target_kind: str = "stage"
    target_stage_key: str = "certified"
    target_standard_key: str | None = None
    description: str = ""
    stage_names: list[str] = field(default_factory=list)  # empty: the default ladder
    sponsor_ids: list[int] = field(default_factory=list)


def create_programme(session: Session, operator: Organisation, user: User | None,
                     data: ProgrammeData) -> Programme:
    """A programme run by ``operator``; every field is checked before anything is written."""
    errors: dict[str, list] = {}
    if operator.kind != "programme_operator":
        errors[""] = [_l("Only programme operators run programmes.")]
    _check_terms(data, errors)
    ladder, stages = _ladder(data.stage_names, errors)
    target_key = _stage_key(ladder, data.target_stage_key) if ladder is not None else None
    if ladder is not None and target_key is None:
        if data.target_kind == "stage":
            errors["target_stage"] = [_l("Give a stage of the programme's ladder (its name).")]
        else:
            target_key = ladder.last.key
    standard = None
    if data.target_kind == "standard":
        standard = session.scalar(select(Standard).where(Standard.key == data.target_standard_key))
        if standard is None:
            errors["target_standard_key"] = [_l("Choose the standard suppliers must hold.")]
    elif data.target_kind != "stage":
        errors["target_kind"] = [_l("Choose what the target counts.")]
    sponsors = _lead_firms(session, data.sponsor_ids, errors)
    if errors:
        raise ServiceError(errors)
    # Naming sponsors only invites them: each lead firm accepts or declines on its own page.
    programme = Programme(
        operator_id=operator.id, name=data.name.strip(), description=data.description or "",
        target_count=data.target_count, target_kind=data.target_kind,
        target_stage_key=target_key, target_standard_id=standard.id if standard else None,
        start_date=data.start_date, end_date=data.end_date, stages=stages,
        created_by_id=user.id if user else None,
    )
    session.add(programme)
    session.flush()
    for org in sponsors:
        invite_sponsor(session, programme, org, user)
    return programme


def _check_terms(data: ProgrammeData, errors: dict) -> None:
    """The name, target and dates every programme needs (creating or changing it)."""
    if not (data.name or "").strip():
        errors["name"] = [_l("Give the programme a name.")]
    if data.target_count is None or data.target_count <= 0:
        errors["target_count"] = [_l("The target must be a positive number of suppliers.")]
    else:
        ranges.check_numbers(errors, target_count=(data.target_count, "target_count"))
    ranges.check_dates(errors, start_date=data.start_date, end_date=data.end_date)
    if data.start_date and data.end_date and data.end_date < data.start_date:
        errors["end_date"] = [_l("The end date is before the start date.")]


def update_programme(session: Session, programme: Programme, user: User | None,
                     data: ProgrammeData) -> Programme:
    """The operator changes the programme's name, description, target count or dates, with
    the same checks as when it was created. The ladder, the target's stage or standard and
    the sponsors stay: enrolments are placed on that ladder, and sponsors join by invitation."""
    consent.require_operator_user(user, programme)
    errors: dict[str, list] = {}
    _check_terms(data, errors)
    if errors:
        raise ServiceError(errors)
    lock(session, programme)
    programme.name, programme.description = data.name.strip(), data.description or ""
    programme.target_count = data.target_count
    programme.start_date, programme.end_date = data.start_date, data.end_date
    session.flush()
    return programme


def _ladder(names: list[str], errors: dict):
    """The default ladder (stored as None) or the operator's own one."""
    if not [n for n in names if n and n.strip()]:
        return DEFAULT_LADDER, None
    try:
        ladder = ladder_from_names(names)
    except LadderError as exc:
        messages = {
            "too_few_stages": _l("A ladder needs at least two stages."),
            "duplicate_key": _l("Two stages have the same name; give each stage its own name."),
            "blank_key": _l("Each stage name needs at least one letter or digit."),
        }
        errors["stage_names"] = [messages.get(exc.code, str(exc))]
        return None, None
    return ladder, [list(pair) for pair in ladder_pairs(ladder)]


def _stage_key(ladder, wanted: str | None) -> str | None:
    """A stage given by its key or by its name (any case)."""
    wanted = (wanted or "").strip().casefold()
    for stage in ladder:
        if wanted in (stage.key.casefold(), stage.name.casefold()):
            return stage.key
    return None


def _lead_firms(session: Session, ids: list[int], errors: dict) -> list[Organisation]:
    if not ids:
        return []
    found = session.scalars(select(Organisation).where(
        Organisation.id.in_(ids), Organisation.kind == "lead_firm")).all()
    if len(found) != len(set(ids)):
        errors["sponsor_ids"] = [_l("Sponsors must be lead firms registered on SupplierLink.")]
    return list(found)


def add_cohort(session: Session, programme: Programme, name: str, start_date: date) -> Cohort:
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _l("Give the cohort a name.")
    elif any(c.name.casefold() == name.casefold() for c in programme.cohorts):
        errors["name"] = _l("This programme already has a cohort with that name.")
    if start_date is None:
        errors["start_date"] = _l("Give the date the cohort starts.")
    elif ranges.date_problem(start_date):
        errors["start_date"] = ranges.date_problem(start_date)
    if errors:
        raise ServiceError(errors)
    cohort = Cohort(programme_id=programme.id, name=name[:120], start_date=start_date)
    programme.cohorts.append(cohort)
    session.flush()
    return cohort


# --- who sees what -------------------------------------------------------------------------

def programme_role(programme: Programme | None, org: Organisation | None) -> str | None:
    """``manager`` (the operator), ``sponsor`` (a sponsoring lead firm) or None."""
    if programme is None or org is None:
        return None
    if org.id == programme.operator_id:
        return "manager"
    if org.id in programme.sponsor_ids:
        return "sponsor"
    return None


def enrolment_role(enrolment: Enrolment | None, org: Organisation | None) -> str | None:
    """As ``programme_role``, plus ``supplier`` for the SME itself; sponsors see only
    enrolments the SME accepted."""
    if enrolment is None or org is None:
        return None
    if org.id == enrolment.supplier_id:
        return "supplier"
    role = programme_role(enrolment.programme, org)
    if role == "sponsor" and enrolment.status != "active":
        return None
    return role


def _one_of(column, ids: list[int]):
    # one organisation (every page) compares plainly: an IN list is expanded into the SQL
    # again on every execution
    return column == ids[0] if len(ids) == 1 else column.in_(ids)


def _sponsored_by(org_ids: list[int]):
    return select(ProgrammeSponsor.programme_id).where(
        _one_of(ProgrammeSponsor.organisation_id, org_ids), ProgrammeSponsor.status == "accepted")


def _newest_first(query):
    # a list of programmes shows neither their sponsors nor their cohorts: each is read if
    # and when it is asked for, not with every programme listed
    return (query.options(lazyload(Programme.sponsors), lazyload(Programme.cohorts))
            .order_by(Programme.start_date.desc(), Programme.id.desc()))


def visible_programmes_query(org_ids):
    """The programmes that organisations ``org_ids`` may see, as a query: those they run and
    those they accepted to sponsor (an invitation shows nothing until it is accepted), as
    ``programme_role`` decides for one programme. Every list of programmes, on a page or
    through the API, starts from it."""
    org_ids = list(org_ids)
    return select(Programme).where(or_(_one_of(Programme.operator_id, org_ids),
                                       Programme.id.in_(_sponsored_by(org_ids))))


def visible_programmes(session: Session, org: Organisation) -> list[Programme]:
    """Programmes the organisation runs or sponsors, newest first."""
    return list(session.scalars(_newest_first(visible_programmes_query([org.id]))))


def sponsored_programmes(session: Session, org: Organisation) -> list[Programme]:
    """Programmes into which a lead firm may enrol the near misses of its own requirements:
    those it accepted to sponsor, newest first."""
    return list(session.scalars(_newest_first(select(Programme).where(
        Programme.id.in_(_sponsored_by([org.id]))))))


def sponsors_a_programme(session: Session, org: Organisation) -> bool:
    """Whether ``sponsored_programmes`` would name any (one query, nothing loaded)."""
    return session.scalar(select(_sponsored_by([org.id]).exists())) or False


def pending_offers(session: Session, programme: Programme) -> list[Enrolment]:
    """Offers the SMEs have not answered yet, and those they declined or left (the operator's
    view only: nothing of these SMEs is tracked or shown to sponsors)."""
    return list(session.scalars(select(Enrolment).where(
        Enrolment.programme_id == programme.id, Enrolment.status != "active")
        .order_by(Enrolment.id)))


def supplier_enrolments(session: Session, org: Organisation) -> list[Enrolment]:
    """The SME's enrolments, offers and past programmes."""
    return list(session.scalars(select(Enrolment).where(Enrolment.supplier_id == org.id)
                                .order_by(Enrolment.enrolled_on.desc(), Enrolment.id)))



# --- enrolment from gaps -------------------------------------------------------------------

def gaps_for(session: Session, requirement: Requirement, supplier: Organisation,
             today: date | None = None) -> list[dict]:
    """The supplier's gaps for the requirement: the stored ranking, or a live assessment when
    the supplier is not among the stored results."""
    stored = session.scalar(select(MatchResult).where(
        MatchResult.requirement_id == requirement.id, MatchResult.supplier_id == supplier.id))
    if stored is not None:
        return list(stored.gaps)
    return gap_dicts(assess_supplier(session, supplier, requirement, today=today))


def enrol_supplier(session: Session, programme: Programme, supplier: Organisation,
                   user: User | None, *, cohort: Cohort | None = None,
                   requirement: Requirement | None = None, gaps: list[dict] | None = None,
                   today: date | None = None, by: Organisation | None = None) -> Enrolment:
    """Offer ``supplier`` a place, with its milestones and one plan item per gap drafted; the
    SME accepts or declines it (``answer_enrolment``). ``by`` is the acting organisation (the
    operator when not given): it must be the operator or an accepted sponsor.

    A supplier already offered a place or enrolled keeps it: only the gaps its plan does not
    yet cover are added (the same ISO 9001 asked by two buyers is one plan item). A supplier
    that declined or left gets a new offer.
    """
    today = today or date.today()
    by = by or programme.operator
    if user is not None and not consent.is_member(user, by.id):
        raise consent.ConsentRefused({"": _l("You do not act for this organisation.")})
    consent.require_offer_rights(programme, by, requirement)
    if supplier.kind != "sme":
        raise ServiceError({"supplier_id": _l("Only SME suppliers can be enrolled.")})
    if cohort is not None and cohort.programme_id != programme.id:
        raise ServiceError({"cohort_id": _l("Choose a cohort of this programme.")})
    gaps = list(gaps or [])
    enrolment = session.scalar(select(Enrolment).where(
        Enrolment.programme_id == programme.id, Enrolment.supplier_id == supplier.id))
    if enrolment is not None:
        added = _add_plan_items(session, enrolment, gaps, requirement, today)
        log_event(session, enrolment, "plan_items_added", user, count=len(added),
                  requirement_id=requirement.id if requirement else None)
        if enrolment.status in ("declined", "left"):
            enrolment.status, enrolment.answered_at = "offered", None
            session.flush()
            _offered(session, enrolment, user)
        return enrolment
    start = cohort.start_date if cohort and cohort.start_date > today else today
    ladder = programme.ladder
    enrolment = Enrolment(
        programme_id=programme.id, cohort_id=cohort.id if cohort else None,
        supplier_id=supplier.id, requirement_id=requirement.id if requirement else None,
        stage_key=ladder.first.key, stage_entered_on=today, enrolled_on=today,
        enrolled_by_id=user.id if user else None, status="offered")
    session.add(enrolment)
    session.flush()
    session.add_all(Milestone(enrolment_id=enrolment.id, stage_key=m.stage_key, title=m.title,
                              due_on=m.due) for m in schedule_milestones(ladder, start))
    added = _add_plan_items(session, enrolment, gaps, requirement, start)
    log_event(session, enrolment, "enrolled", user, stage=ladder.first.key,
              plan_items=len(added), requirement_id=requirement.id if requirement else None)
    session.refresh(enrolment)
    _offered(session, enrolment, user)
    return enrolment


def _offered(session: Session, enrolment: Enrolment, user: User | None) -> None:
    signals.enrolment_offered.send(
        session, enrolment_id=enrolment.id, programme_id=enrolment.programme_id,
        supplier_id=enrolment.supplier_id, user_id=user.id if user else None, by="programme")


def _add_plan_items(session: Session, enrolment: Enrolment, gaps: list[dict],
                    requirement: Requirement | None, start: date) -> list[PlanItem]:
    covered = {gap_identity(as_gap({"kind": item.closes_gap_kind, "params": item.params}))
               for item in enrolment.plan_items if item.done_on is None}
    owner = enrolment.supplier.display_name
    items = []
    for draft in plan_items_from_gaps(gaps, start, owner):
        if gap_identity(as_gap({"kind": draft.closes_gap_kind, "params": draft.params})) in covered:
            continue
        items.append(PlanItem(
            enrolment_id=enrolment.id, requirement_id=requirement.id if requirement else None,
            action_key=draft.action_key, params=dict(draft.params), owner=str(draft.owner)[:200],
            due_on=draft.due, evidence_needed=draft.evidence_needed,
            closes_gap_kind=draft.closes_gap_kind, remedy=draft.remedy))
    session.add_all(items)
    session.flush()
    session.expire(enrolment, ["plan_items"])
    return items
