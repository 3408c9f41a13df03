"""The lead firm's home panel and list of requirements: open ones with who qualifies, who almost
does and who applied; drafts and closed ones apart. Each group is read a page at a time."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, lazyload

from supplierlink.labels import REQUIREMENT_STATUS_LABELS, label
from supplierlink.matches.models import MatchResult
from supplierlink.paging import Page
from supplierlink.requirements.models import Application, Requirement

#: group -> (statuses, the page's query argument)
GROUPS = {"open": (("open",), "page"), "drafts": (("draft",), "drafts_page"),
          "closed": (("closed", "awarded"), "closed_page")}


def group_query(org, statuses):
    """A group's requirements, soonest need date first (served by the index on organisation,
    status, need date and id)."""
    return (select(Requirement).options(lazyload("*"))  # the list shows no related rows
            .where(Requirement.organisation_id == org.id, Requirement.status.in_(statuses))
            .order_by(Requirement.need_date.asc().nulls_last(), Requirement.id.desc()))


def _counts(session: Session, ids: list[int]) -> tuple[dict, dict]:
    if not ids:
        return {}, {}
    matches = {rid: (qualified or 0, near or 0) for rid, qualified, near in session.execute(
        select(MatchResult.requirement_id,
               func.sum(case((MatchResult.qualified.is_(True), 1), else_=0)),
               func.sum(case((MatchResult.qualified.is_(False), 1), else_=0)))
        .where(MatchResult.requirement_id.in_(ids)).group_by(MatchResult.requirement_id))}
    applications = dict(session.execute(
        select(Application.requirement_id, func.count(Application.id))
        .where(Application.requirement_id.in_(ids), Application.status != "withdrawn")
        .group_by(Application.requirement_id)).all())
    return matches, applications


def requirement_summaries(session: Session, org, pages: dict | None = None,
                          per_page: int | None = None) -> dict:
    """One page of each group (``pages`` maps a group to its page number); open rows come
    with their counts. Each group is a ``Page`` whose items are rows ready to show."""
    per_status = dict(session.execute(
        select(Requirement.status, func.count()).where(Requirement.organisation_id == org.id)
        .group_by(Requirement.status)).all())
    size = per_page or current_app.config.get("PER_PAGE", 25)
    groups = {}
    for key, (statuses, _arg) in GROUPS.items():
        total = sum(per_status.get(status, 0) for status in statuses)
        number = (pages or {}).get(key, 1)
        items = session.scalars(group_query(org, statuses).limit(size)
                                .offset((number - 1) * size)).all() if total else []
        groups[key] = Page(list(items), number, size, total)
    matches, applications = _counts(session, [r.id for r in groups["open"].items])
    for page in groups.values():
        rows = []
        for req in page.items:
            qualified, near = matches.get(req.id, (0, 0))
            rows.append({"requirement": req, "qualified": qualified, "near_misses": near,
                         "applications": applications.get(req.id, 0),
                         "ranked_at": req.ranked_at,
                         "status_label": label(REQUIREMENT_STATUS_LABELS, req.status)})
        page.items = rows
    return groups


def panel_context(session: Session, org, user) -> dict:
    return {"requirement_groups": requirement_summaries(session, org)}
