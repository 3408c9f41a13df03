"""Open requirements seen from one SME: its fit for each, its gaps, and what would unlock most.

The page reads the stored results (``MatchResult``): for each open requirement the ranking keeps
the first ``RANK_DEPTH`` qualified suppliers and the best near misses, with their scores and
gaps, so the SME sees every requirement where it ranks there, and those it applied to. Open
requirements where it ranks lower (or is blocked by more gaps) are counted, not listed; the
requirement's own page assesses the SME on demand. ``assess_open_requirements`` asks the engine
for every open requirement instead (one assessment each), for checks and scripts.

Each blocking gap suggests one action (obtain a standard, serve some regions, reach a capacity);
an action *unlocks* a blocked requirement when it closes every blocking gap of it at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.orm import Session, lazyload

from supplierlink.capacity_units import amount as capacity_amount
from supplierlink.geo import region_name
from supplierlink.matches.models import MatchResult
from supplierlink.matches.services import assess_supplier, gap_dicts, open_requirements
from supplierlink.matches.wording import gap_view
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, Requirement

STANDARD_GAPS = ("missing_standard", "expired_standard", "revoked_standard",
                 "superseded_standard", "unverified_standard")


@dataclass
class Opportunity:
    requirement_id: int
    buyer_id: int
    score: float | None  # None: applied to, but not among the stored results
    qualified: bool
    gaps: list[dict]  # stored-gap dicts (kind, params, blocking, remedy…)
    application: Application | None = None
    requirement: Requirement | None = None  # loaded for the opportunities shown
    buyer: Organisation | None = None

    @property
    def blocking(self) -> list[dict]:
        return [g for g in self.gaps if g.get("blocking")]

    def fit_order(self) -> tuple:
        """Qualified first, then fewer blocking gaps, then the higher score."""
        return (self.score is None, not self.qualified, len(self.blocking), -(self.score or 0),
                self.requirement_id)


@dataclass(frozen=True)
class Action:
    """Closing one gap: ``value`` is a standard key, a set of regions or a capacity
    ``(unit, amount)``."""

    kind: str  # standard / region / capacity
    value: object
    label: str

    def closes(self, gap: dict) -> bool:
        params = gap.get("params", {})
        if self.kind == "standard":
            return gap["kind"] in STANDARD_GAPS and params.get("standard") == self.value
        if self.kind == "region":
            return gap["kind"] == "region_not_served" and set(params.get("regions", ())) <= self.value
        unit, amount = self.value  # a capacity closes gaps in its own unit only
        return (gap["kind"] == "insufficient_capacity" and params.get("unit") == unit
                and float(params.get("required") or 0) <= amount)


@dataclass
class Unlock:
    action: Action
    requirements: list[Opportunity] = field(default_factory=list)

    @property
    def buyers(self) -> int:
        return len({o.buyer_id for o in self.requirements})


def action_for(gap: dict) -> Action | None:
    """The single action that closes ``gap``, or None for gaps no action closes."""
    params = gap.get("params", {})
    if gap["kind"] in STANDARD_GAPS and params.get("standard"):
        return Action("standard", params["standard"],
                      params.get("standard_name") or params["standard"])
    if gap["kind"] == "region_not_served" and params.get("regions"):
        regions = frozenset(params["regions"])
        return Action("region", regions, ", ".join(sorted(regions)))
    if gap["kind"] == "insufficient_capacity" and params.get("required") is not None:
        value = (params.get("unit"), float(params["required"]))
        return Action("capacity", value, capacity_amount(value[1], value[0]))
    return None


def stored_opportunities(session: Session, org: Organisation) -> list[Opportunity]:
    """The SME's stored results for open requirements, and the open requirements it applied
    to, best first (two queries; requirements and buyers are loaded for a page by ``load``)."""
    applications = {a.requirement_id: (a, buyer_id) for a, buyer_id in session.execute(
        select(Application, Requirement.organisation_id)
        .join(Requirement, Requirement.id == Application.requirement_id)
        .where(Application.supplier_id == org.id, Requirement.status == "open"))}
    found = [Opportunity(rid, buyer_id, score, qualified, gaps,
                         applications.get(rid, (None,))[0])
             for rid, buyer_id, score, qualified, gaps in session.execute(
                 select(MatchResult.requirement_id, Requirement.organisation_id, MatchResult.score,
                        MatchResult.qualified, MatchResult.gaps)
                 .join(Requirement, Requirement.id == MatchResult.requirement_id)
                 .where(MatchResult.supplier_id == org.id, Requirement.status == "open"))]
    stored = {o.requirement_id for o in found}
    found += [Opportunity(rid, buyer_id, None, False, [], application)
              for rid, (application, buyer_id) in applications.items() if rid not in stored]
    found.sort(key=Opportunity.fit_order)
    return found


def load(session: Session, opportunities: list[Opportunity]) -> list[Opportunity]:
    """Attach each opportunity's requirement and buyer (two queries for the whole list)."""
    requirements = {r.id: r for r in session.scalars(
        select(Requirement).options(lazyload("*"))  # title and dates only
        .where(Requirement.id.in_([o.requirement_id for o in opportunities])))}
    buyers = {b.id: b for b in session.scalars(select(Organisation).where(
        Organisation.id.in_({o.buyer_id for o in opportunities})))}
    for item in opportunities:
        item.requirement, item.buyer = requirements[item.requirement_id], buyers[item.buyer_id]
    return opportunities


def open_requirement_count(session: Session) -> int:
    return session.scalar(select(func.count(Requirement.id)).where(Requirement.status == "open"))


def assess_open_requirements(session: Session, org: Organisation,
                             today: date | None = None) -> list[Opportunity]:
    """Every open requirement the SME has some fit for, best first, each assessed by the
    engine (one assessment per open requirement: for checks and scripts, not for pages)."""
    requirements = open_requirements(session)
    if not requirements:
        return []
    applications = {a.requirement_id: a for a in session.scalars(
        select(Application).where(Application.supplier_id == org.id))}
    found = []
    for req in requirements:
        try:
            result = assess_supplier(session, org, req, today=today)
        except KeyError:  # not an indexed supplier (not an SME)
            return []
        if req.id not in applications and not result.qualified and (
                result.score <= 0 or _unrelated(result)):
            continue
        found.append(Opportunity(req.id, req.organisation_id, float(result.score),
                                 result.qualified, gap_dicts(result), applications.get(req.id),
                                 requirement=req))
    found.sort(key=Opportunity.fit_order)
    return load(session, found)


def _unrelated(result) -> bool:
    """Whether the supplier offers nothing relevant to the requirement's categories."""
    return any(g.kind == "category_not_offered" and not g.params.get("offered")
               for g in result.gaps)


def best_unlocks(opportunities: list[Opportunity], limit: int = 3) -> list[Unlock]:
    """Actions that would leave the most blocked requirements with no blocking gap."""
    blocked = [o for o in opportunities if not o.qualified and o.blocking]
    actions = {a for o in blocked for a in map(action_for, o.blocking) if a is not None}
    unlocks = []
    for action in actions:
        freed = [o for o in blocked if all(action.closes(g) for g in o.blocking)]
        if freed:
            unlocks.append(Unlock(action, freed))
    unlocks.sort(key=lambda u: (-len(u.requirements), -u.buyers, u.action.kind, u.action.label))
    return unlocks[:limit]


def describe_unlock(unlock: Unlock) -> str:
    """"You would qualify for 7 open requirements from 3 buyers with ISO 14001.\""""
    n, buyers = len(unlock.requirements), unlock.buyers
    requirements = ngettext("%(num)s open requirement", "%(num)s open requirements", n)
    from_buyers = ngettext("%(num)s buyer", "%(num)s buyers", buyers)
    action = unlock.action
    if action.kind == "standard":
        return _("You would qualify for %(requirements)s from %(buyers)s with %(standard)s.",
                 requirements=requirements, buyers=from_buyers, standard=action.label)
    if action.kind == "region":
        places = ", ".join(f"{region_name(c)} ({c})" for c in sorted(action.value))
        return _("You would qualify for %(requirements)s from %(buyers)s by delivering to "
                 "%(regions)s.", requirements=requirements, buyers=from_buyers, regions=places)
    return _("You would qualify for %(requirements)s from %(buyers)s with a capacity of at "
             "least %(capacity)s.", requirements=requirements, buyers=from_buyers,
             capacity=action.label)


def opportunity_view(item: Opportunity) -> dict:
    """One opportunity ready for a template (gap sentences in the user's language)."""
    return {
        "requirement": item.requirement, "buyer": item.buyer.display_name,
        "score": None if item.score is None else round(item.score * 100),
        "qualified": item.qualified,
        "blocking": [gap_view(g) for g in item.blocking],
        "other_gaps": [gap_view(g) for g in item.gaps if not g.get("blocking")],
        "application": item.application,
    }


def summary_view(opportunities: list[Opportunity], open_count: int | None = None) -> dict:
    """Counts and unlocks; ``unlisted``: open requirements with no stored result for the SME
    (it ranks below the stored depth there, or more gaps block it)."""
    return {
        "qualified": sum(1 for o in opportunities if o.qualified),
        "blocked": sum(1 for o in opportunities if not o.qualified and o.score is not None),
        "unlisted": max(0, (open_count or 0) - len(opportunities)),
        "unlocks": [{"text": describe_unlock(u), "kind": u.action.kind,
                     "count": len(u.requirements)} for u in best_unlocks(opportunities)],
    }
