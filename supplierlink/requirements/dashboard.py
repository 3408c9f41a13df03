"""The lead firm's home panel: its requirements with who qualifies, who almost does, and who
applied."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from supplierlink.labels import REQUIREMENT_STATUS_LABELS, label
from supplierlink.matches.models import MatchResult
from supplierlink.requirements.models import Application, Requirement


def requirement_summaries(session: Session, org) -> dict:
    """Open requirements with their counts; drafts and closed ones (closed or awarded) apart."""
    requirements = session.scalars(select(Requirement).where(
        Requirement.organisation_id == org.id).order_by(Requirement.need_date.is_(None),
                                                        Requirement.need_date,
                                                        Requirement.id.desc())).all()
    ids = [r.id for r in requirements]
    matches = {rid: (qualified or 0, near or 0) for rid, qualified, near in session.execute(
        select(MatchResult.requirement_id,
               func.sum(case((MatchResult.qualified.is_(True), 1), else_=0)),
               func.sum(case((MatchResult.qualified.is_(False), 1), else_=0)))
        .where(MatchResult.requirement_id.in_(ids)).group_by(MatchResult.requirement_id))}
    applications = dict(session.execute(
        select(Application.requirement_id, func.count(Application.id))
        .where(Application.requirement_id.in_(ids), Application.status != "withdrawn")
        .group_by(Application.requirement_id)).all())
    groups = {"open": [], "drafts": [], "closed": []}
    for req in requirements:
        qualified, near = matches.get(req.id, (0, 0))
        row = {"requirement": req, "qualified": qualified, "near_misses": near,
               "applications": applications.get(req.id, 0), "ranked_at": req.ranked_at,
               "status_label": label(REQUIREMENT_STATUS_LABELS, req.status)}
        key = {"open": "open", "draft": "drafts"}.get(req.status, "closed")
        groups[key].append(row)
    return groups


def panel_context(session: Session, org, user) -> dict:
    return {"requirement_groups": requirement_summaries(session, org)}
