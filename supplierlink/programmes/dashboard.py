"""What a programme manager or sponsor sees first: progress to the target with a forecast, the
funnel by stage, who is at risk and why, and KPI changes — values ready for the templates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

import programs
from programs.definitions import StageChange, stage_target_dates, standard_target_dates
from supplierlink.catalogue.models import Standard
from supplierlink.programmes import charts
from supplierlink.programmes.kpis import programme_changes
from supplierlink.programmes.models import Enrolment, EnrolmentEvent, Programme
from supplierlink.programmes.services import visible_programmes
from supplierlink.programmes.wording import (
    FORECAST_LABELS,
    METRIC_LABELS,
    SEVERITY_LABELS,
    describe_flag,
    plan_item_title,
    stage_name,
)
from supplierlink.suppliers.models import Certification


@dataclass
class AtRiskRow:
    enrolment: Enrolment
    severity: str
    severity_label: str
    reasons: list[str]


def programme_enrolments(session: Session, programme: Programme,
                         cohort_id: int | None = None) -> list[Enrolment]:
    """The programme's active enrolments (offers the SME has not accepted do not count)."""
    # the programme and cohort are in the session already: not joined in again (with the
    # programme's sponsors and cohorts) for every enrolment
    query = (select(Enrolment).options(lazyload(Enrolment.programme), lazyload(Enrolment.cohort))
             .where(Enrolment.programme_id == programme.id, Enrolment.status == "active"))
    if cohort_id is not None:
        query = query.where(Enrolment.cohort_id == cohort_id)
    return list(session.scalars(query.order_by(Enrolment.enrolled_on, Enrolment.id)))


def reached_dates(session: Session, programme: Programme, enrolments: list[Enrolment],
                  today: date) -> dict:
    """Per enrolled supplier, the day it reached the programme's target."""
    if not enrolments:
        return {}
    if programme.target_kind == "standard":
        by_supplier = {e.supplier_id for e in enrolments}
        certs = session.scalars(select(Certification).where(
            Certification.organisation_id.in_(by_supplier),
            Certification.standard_id == programme.target_standard_id,
            Certification.status == "verified"))
        return standard_target_dates(
            ((c.organisation_id, c.verified_at.date() if c.verified_at else c.issued_on or today,
              c.expires_on) for c in certs), today)
    ids = [e.id for e in enrolments]
    moves = session.scalars(select(EnrolmentEvent).where(
        EnrolmentEvent.enrolment_id.in_(ids), EnrolmentEvent.kind == "stage_moved")
        .order_by(EnrolmentEvent.id))
    first = programme.ladder.first.key
    changes = [StageChange(e.id, first, e.enrolled_on) for e in enrolments]
    changes += [StageChange(m.enrolment_id, m.details["to"], date.fromisoformat(m.details["on"]))
                for m in moves]
    return stage_target_dates(changes, programme.ladder, programme.target_stage_key,
                              {e.id: e.stage_key for e in enrolments})


def _snapshot(enrolment: Enrolment, certificates) -> programs.EnrolmentSnapshot:
    return programs.EnrolmentSnapshot(
        enrolment.id, enrolment.stage_key, enrolment.stage_entered_on,
        milestones=[programs.MilestoneState(m.id, m.stage_key, m.title, m.due_on, m.achieved_on,
                                            m.version) for m in enrolment.milestones],
        certificates=certificates,
        plan_items=[programs.PlanItemSnapshot(i.id, i.action_key, i.due_on, i.done_on)
                    for i in enrolment.plan_items])


def _risky(session: Session, programme: Programme, enrolments: list[Enrolment],
           today: date) -> list[tuple[Enrolment, list]]:
    """Enrolments with a warning or worse and their flags, most severe first (then those with
    more reasons)."""
    certs = defaultdict(list)
    if enrolments:
        for supplier_id, name, expires_on, status in session.execute(
                select(Certification.organisation_id, Standard.name, Certification.expires_on,
                       Certification.status).join(Standard)
                .where(Certification.organisation_id.in_({e.supplier_id for e in enrolments}),
                       Certification.status.in_(("verified", "self_declared")))
                .order_by(Certification.id)):
            certs[supplier_id].append(programs.CertificateSnapshot(name, expires_on, status))
    ladder = programme.ladder
    found = []
    for enrolment in enrolments:
        flags = programs.risk_flags(_snapshot(enrolment, certs[enrolment.supplier_id]), today,
                                    ladder=ladder)
        if programs.at_risk(flags):
            found.append((enrolment, flags))
    rank = programs.risk.SEVERITY_RANK
    found.sort(key=lambda pair: (-rank[pair[1][0].severity],
                                 -sum(1 for f in pair[1] if f.severity != "info"), pair[0].id))
    return found


def _at_risk_row(programme: Programme, enrolment: Enrolment, flags: list) -> AtRiskRow:
    titles = {item.id: plan_item_title(item) for item in enrolment.plan_items}
    worst = flags[0].severity
    return AtRiskRow(enrolment, worst, str(SEVERITY_LABELS[worst]),
                     [describe_flag(f, programme.ladder, titles) for f in flags
                      if f.severity != "info"])


def at_risk_rows(session: Session, programme: Programme, enrolments: list[Enrolment],
                 today: date) -> list[AtRiskRow]:
    """Enrolments with a warning or worse, most severe first, each with its reasons."""
    return [_at_risk_row(programme, enrolment, flags)
            for enrolment, flags in _risky(session, programme, enrolments, today)]


def overview(session: Session, programme: Programme, today: date | None = None,
             cohort_id: int | None = None) -> dict:
    """Everything the programme page shows above the enrolment list."""
    today = today or date.today()
    ladder = programme.ladder
    enrolments = programme_enrolments(session, programme, cohort_id)
    reached = reached_dates(session, programme, enrolments, today)
    outlook = programs.forecast(reached.values(), programme.target_count, programme.start_date,
                                programme.end_date, today)
    funnel = [{"key": row.stage.key, "label": stage_name(ladder, row.stage.key),
               "count": row.count, "reached": row.cumulative_reached}
              for row in programs.funnel((e.stage_key for e in enrolments), ladder)]
    changes = programme_changes(session, enrolments)
    kpi_rows = [{"metric": key, "label": str(METRIC_LABELS.get(key, key)), "n": c.n,
                 "median_change": c.median_change, "median_pct_change": c.median_pct_change,
                 "q1": c.quartiles[0], "q3": c.quartiles[2],
                 "improved_pct": round(c.improved_share * 100),
                 "higher_is_better": c.higher_is_better} for key, c in changes.items()]
    return {
        "enrolments": enrolments,
        "forecast": outlook,
        "forecast_label": str(FORECAST_LABELS[outlook.reason]),
        "percent": min(100, round(outlook.share * 100)),
        "funnel": funnel,
        "at_risk": at_risk_rows(session, programme, enrolments, today),
        "kpis": kpi_rows,
        "progress_chart": charts.progress_chart(sorted(reached.values()), programme.target_count,
                                                programme.start_date, programme.end_date, today,
                                                outlook.projected_date),
        "funnel_chart": charts.bar_chart([(r["label"], r["count"]) for r in funnel]),
        "kpi_chart": charts.diverging_chart([(r["label"], r["median_pct_change"])
                                             for r in kpi_rows]),
        "stage_labels": {s.key: stage_name(ladder, s.key) for s in ladder},
        "today": today,
    }


def panel_context(session: Session, org, user, top_risks: int = 3) -> dict:
    """The operator's home panel: each programme with its progress and how many are at risk
    (only what the cards show: no funnel, KPIs or charts; reasons for the first few only)."""
    today = date.today()
    cards = []
    for programme in visible_programmes(session, org):
        enrolments = programme_enrolments(session, programme)
        outlook = programs.forecast(reached_dates(session, programme, enrolments, today).values(),
                                    programme.target_count, programme.start_date,
                                    programme.end_date, today)
        risky = _risky(session, programme, enrolments, today)
        cards.append({"programme": programme, "forecast": outlook,
                      "forecast_label": str(FORECAST_LABELS[outlook.reason]),
                      "percent": min(100, round(outlook.share * 100)),
                      "enrolled": len(enrolments), "at_risk": len(risky),
                      "top_risks": [_at_risk_row(programme, enrolment, flags)
                                    for enrolment, flags in risky[:top_risks]]})
    return {"programme_cards": cards}
