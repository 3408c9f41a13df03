"""The lead firm's home panel and list of requirements: open ones with who qualifies, who almost
does and who applied; drafts and closed ones apart. Each group is read a page at a time."""

from __future__ import annotations

from datetime import date
from functools import cache

from flask import current_app
from markupsafe import Markup
from sqlalchemy import (
    Date,
    DateTime,
    Integer,
    String,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from supplierlink.db import in_codes, named_rows
from supplierlink.labels import REQUIREMENT_STATUS_LABELS, label
from supplierlink.matches.models import MatchResult
from supplierlink.paging import Page
from supplierlink.requirements.models import Application, Requirement
from supplierlink.templating import Frozen, kept_macro
from supplierlink.urls import url_for_each

#: group -> (statuses, the page's query argument)
GROUPS = {"open": (("open",), "page"), "drafts": (("draft",), "drafts_page"),
          "closed": (("closed", "awarded"), "closed_page")}


#: what a row of the list shows of a requirement (read as columns, not whole requirements)
LISTED = (Requirement.id, Requirement.title, Requirement.status, Requirement.need_date,
          Requirement.ranked_at)


def group_query(statuses):
    """A group's requirements of the organisation ``org_id`` (a bound parameter), soonest need
    date first (served by the index on organisation, status, need date and id)."""
    return (select(*LISTED)
            .where(Requirement.organisation_id == bindparam("org_id"),
                   in_codes(Requirement.status, statuses))
            .order_by(Requirement.need_date.asc().nulls_last(), Requirement.id.desc()))


def _counted(query, counted: bool = True):
    """``query`` with, per requirement, its qualified suppliers, its near misses and its
    applications (not withdrawn): counted inside the page's own query, each on an index by
    requirement; zeros when not ``counted`` (drafts and closed requirements show none)."""
    if not counted:
        return query.add_columns(*(literal(0).label(name) for name in COUNTED))

    def results(qualified: bool):
        return (select(func.count()).where(MatchResult.requirement_id == Requirement.id,
                                           MatchResult.qualified == qualified)
                .correlate(Requirement).scalar_subquery())

    applications = (select(func.count()).where(Application.requirement_id == Requirement.id,
                                               Application.status != "withdrawn")
                    .correlate(Requirement).scalar_subquery())
    return query.add_columns(results(True).label("qualified"),
                             results(False).label("near_misses"),
                             applications.label("applications"))


COUNTED = ("qualified", "near_misses", "applications")


@cache
def _statement():
    """The whole list in one statement, built once per process (the list is among the pages
    most asked for): a page of each group (``<group>_size``, ``<group>_start``), each in its
    order, then the organisation's count per status (rows whose group is ``"count"``)."""
    pages = [select(_counted(group_query(statuses), counted=key == "open")
                    .add_columns(literal(key).label("grp"))
                    .limit(bindparam(f"{key}_size", type_=Integer))
                    .offset(bindparam(f"{key}_start", type_=Integer))
                    .subquery())
             for key, (statuses, _arg) in GROUPS.items()]
    counts = (select(cast(null(), Integer), cast(null(), String), Requirement.status,
                     cast(null(), Date), cast(null(), DateTime(timezone=True)), func.count(),
                     literal(0), literal(0), literal("count"))
              .where(Requirement.organisation_id == bindparam("org_id"))
              .group_by(Requirement.status))
    return union_all(*pages, counts)


def _listed_order(row):
    # the groups' own order (need date, soonest first and none last; then the newest)
    return (row.need_date is None, row.need_date or date.min, -row.id)


def requirement_summaries(session: Session, org, pages: dict | None = None,
                          per_page: int | None = None) -> dict:
    """One page of each group (``pages`` maps a group to its page number); open rows come
    with their counts. Each group is a ``Page`` whose items are rows ready to show."""
    size = per_page or current_app.config.get("PER_PAGE", 25)
    numbers = {key: (pages or {}).get(key, 1) for key in GROUPS}
    params = {"org_id": org.id}
    for key, number in numbers.items():
        params[f"{key}_size"], params[f"{key}_start"] = size, (number - 1) * size
    per_status, rows = {}, {key: [] for key in GROUPS}
    for row in named_rows(session.execute(_statement(), params)):
        if row.grp == "count":
            per_status[row.status] = row.qualified
        else:
            rows[row.grp].append(row)
    show_url = url_for_each("requirements.show", "req_id")
    # each status's name translated once per page, not once per row (every row's status is
    # among the counted ones: the counts cover all the organisation's requirements)
    status_labels = {status: label(REQUIREMENT_STATUS_LABELS, status)
                     for status in per_status}
    groups = {}
    for key, (statuses, _arg) in GROUPS.items():
        groups[key] = Page([{"requirement": row, "url": show_url(row.id),
                             "qualified": row.qualified, "near_misses": row.near_misses,
                             "applications": row.applications, "ranked_at": row.ranked_at,
                             "status_label": status_labels[row.status]}
                            for row in sorted(rows[key], key=_listed_order)],
                           numbers[key], size,
                           sum(per_status.get(status, 0) for status in statuses))
    return groups


def summary_html(groups: dict) -> Markup:
    """The groups drawn as the list shows them (``kept_macro``: the same rows, read afresh by
    this request, are drawn once per process)."""
    return kept_macro("requirements/_summary.html", "requirement_groups", Frozen({
        key: Frozen(number=page.number, pages=page.pages, total=page.total,
                    has_prev=page.has_prev, has_next=page.has_next,
                    rows=tuple(Frozen(url=row["url"], title=row["requirement"].title,
                                       need_date=row["requirement"].need_date,
                                       ranked_at=row["ranked_at"], qualified=row["qualified"],
                                       near_misses=row["near_misses"],
                                       applications=row["applications"],
                                       status_label=str(row["status_label"]))
                                for row in page.items))
        for key, page in groups.items()}))


def panel_context(session: Session, org, user) -> dict:
    return {"requirement_groups_html": summary_html(requirement_summaries(session, org))}
