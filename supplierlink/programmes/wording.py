"""Programme codes in the user's language: stages, plan actions, evidence, history entries and
risk flags (the rules in ``programs`` return keys and parameters, never sentences)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from programs import DEFAULT_LADDER, Ladder
from supplierlink.geo import region_name
from supplierlink.labels import CERTIFICATION_STATUS_LABELS, label

DEFAULT_STAGE_LABELS = {
    "registered": _l("Registered"),
    "aligned": _l("Aligned with a lead firm"),
    "diagnosed": _l("Diagnosed"),
    "plan_agreed": _l("Development plan agreed"),
    "technical_assistance": _l("Technical assistance"),
    "quality_target_met": _l("Quality target met"),
    "certified": _l("Certified"),
    "world_class": _l("World class"),
}
ACTION_LABELS = {
    "obtain_certification": _l("Obtain the certification"),
    "renew_certification": _l("Renew the certification"),
    "transition_to_current_standard": _l("Move to the current standard"),
    "submit_certificate_for_verification": _l("Have the certificate verified"),
    "restore_certification": _l("Restore the certification"),
    "extend_service_region": _l("Serve the missing regions"),
    "increase_capacity": _l("Increase capacity"),
    "declare_category": _l("Declare the category, if supplied"),
}
EVIDENCE_LABELS = {
    "verified_certificate": _l("A verified certificate"),
    "service_region_declaration": _l("A declaration of the regions served"),
    "capacity_statement": _l("A capacity statement"),
    "category_declaration": _l("The category declared in the profile"),
}
METRIC_LABELS = {
    "sales": _l("Sales (USD)"),
    "employees": _l("Employees"),
    "export_sales": _l("Export sales (USD)"),
    "export_share": _l("Share of sales exported"),
    "export_markets": _l("Export markets"),
    "labour_productivity": _l("Labour productivity (sales per employee)"),
    "defect_rate": _l("Defect rate (%)"),
    "on_time_delivery": _l("On-time delivery (%)"),
    "certifications_held": _l("Certifications held"),
}
TARGET_KIND_LABELS = {
    "stage": _l("Suppliers reaching a stage"),
    "standard": _l("Suppliers certified to a standard"),
}
FORECAST_LABELS = {
    "target_reached": _l("Target reached"),
    "no_progress_yet": _l("No supplier has reached the target yet, so there is no pace to "
                          "project."),
    "on_pace": _l("On pace to reach the target before the deadline"),
    "behind_pace": _l("Behind pace: at the current rate the target is reached after the deadline"),
    "deadline_passed": _l("The deadline has passed"),
}
# The default milestone titles (programs.milestones) in the user's language; titles an operator
# typed are shown as typed.
MILESTONE_TITLES = {
    "Supplier profile completed": _l("Supplier profile completed"),
    "Kick-off meeting with the sponsor": _l("Kick-off meeting with the sponsor"),
    "Programme agreement signed": _l("Programme agreement signed"),
    "Diagnostic visit": _l("Diagnostic visit"),
    "Gap report": _l("Gap report"),
    "Development plan agreed": _l("Development plan agreed"),
    "Technical assistance started": _l("Technical assistance started"),
    "Mid-term review": _l("Mid-term review"),
    "Quality targets met": _l("Quality targets met"),
    "Certification audit passed": _l("Certification audit passed"),
    "World-class review passed": _l("World-class review passed"),
}
SEVERITY_LABELS = {"info": _l("Note"), "warning": _l("Warning"), "critical": _l("Critical")}


def milestone_title(title: str) -> str:
    return str(MILESTONE_TITLES.get(title, title))


def stage_name(ladder: Ladder, key: str) -> str:
    """Default stages are translated; an operator's own stages keep the names it gave them."""
    if key not in ladder:
        return key
    if key in DEFAULT_STAGE_LABELS and ladder.stage(key).name == _default_english(key):
        return str(DEFAULT_STAGE_LABELS[key])
    return ladder.stage(key).name


def _default_english(key: str) -> str:
    return DEFAULT_LADDER.stage(key).name if key in DEFAULT_LADDER else ""


def stage_choices(ladder: Ladder) -> list[tuple[str, str]]:
    return [(stage.key, stage_name(ladder, stage.key)) for stage in ladder]


def _subject(params: dict) -> str:
    if params.get("standard_name") or params.get("standard"):
        return str(params.get("standard_name") or params.get("standard"))
    if params.get("regions"):
        return ", ".join(f"{region_name(c)} ({c})" for c in params["regions"])
    if params.get("required") is not None and not isinstance(params.get("required"), str):
        return _("minimum %(required)s", required=params["required"])
    return ""


def plan_item_title(item) -> str:
    """"Obtain the certification: ISO 9001"."""
    action = str(ACTION_LABELS.get(item.action_key, item.action_key))
    subject = _subject(item.params or {})
    return f"{action}: {subject}" if subject else action


def _item_title(details: dict) -> str:
    return plan_item_title(SimpleNamespace(action_key=details.get("action_key", ""),
                                           params=details.get("params") or {}))


def evidence_label(key: str) -> str:
    return str(EVIDENCE_LABELS.get(key, key))


def _day(value) -> str:
    return format_date(value) if value else "—"


def describe_event(event, ladder: Ladder) -> str:
    """One line of the timeline."""
    d = event.details or {}
    if event.kind == "enrolled":
        return _("Enrolled at stage %(stage)s with %(n)s plan items.",
                 stage=stage_name(ladder, d.get("stage", ladder.first.key)),
                 n=d.get("plan_items", 0))
    if event.kind == "plan_items_added":
        return _("%(n)s plan items added from another requirement's gaps.", n=d.get("count", 0))
    if event.kind == "stage_moved":
        text = _("Stage moved from %(old)s to %(new)s.", old=stage_name(ladder, d["from"]),
                 new=stage_name(ladder, d["to"]))
        if d.get("skipped"):
            text += " " + _("Skipped: %(stages)s.", stages=", ".join(
                stage_name(ladder, k) for k in d["skipped"]))
        return text
    if event.kind == "milestone_achieved":
        return _("Milestone “%(title)s” achieved on %(date)s.",
                 title=milestone_title(d.get("title", "")),
                 date=_day(_iso(d.get("achieved_on"))))
    if event.kind == "plan_item_done":
        return _("Plan item “%(title)s” done.", title=_item_title(d))
    if event.kind == "evidence_added":
        return _("Evidence “%(name)s” uploaded for “%(title)s”.", name=d.get("file_name", ""),
                 title=_item_title(d))
    if event.kind == "certificate_recorded":
        return _("Certificate %(standard)s no. %(number)s recorded (%(status)s).",
                 standard=d.get("standard", ""), number=d.get("number") or "—",
                 status=label(CERTIFICATION_STATUS_LABELS, d.get("status")))
    if event.kind == "kpis_recorded":
        kind = _("Baseline") if d.get("baseline") else _("Follow-up")
        return _("%(kind)s KPIs recorded for %(date)s: %(metrics)s.", kind=kind,
                 date=_day(_iso(d.get("observed_on"))),
                 metrics=", ".join(str(METRIC_LABELS.get(m, m)) for m in d.get("metrics", [])))
    return _consent_event(event, d) or event.kind


def _consent_event(event, d: dict) -> str | None:
    """Answers of the SME, mentoring pairs and corrections of records entered by mistake."""
    if event.kind in ("mentoring_started", "mentoring_ended"):
        names = dict(mentor=d.get("mentor", ""), mentee=d.get("mentee", ""),
                     standard=d.get("standard", ""), date=_day(_iso(d.get("on"))))
        if event.kind == "mentoring_started":
            return _("Mentoring started on %(date)s: %(mentor)s mentors %(mentee)s on "
                     "%(standard)s.", **names)
        return _("Mentoring ended on %(date)s: %(mentor)s and %(mentee)s on %(standard)s.",
                 **names)
    if event.kind == "offer_accepted":
        return _("The supplier accepted the offer; these organisations see its data: "
                 "%(names)s.", names=", ".join(d.get("viewers", [])))
    if event.kind == "offer_declined":
        return _("The supplier declined the offer.")
    if event.kind == "left":
        return _("The supplier left the programme.")
    if event.kind == "milestone_corrected":
        new = _day(_iso(d.get("new"))) if d.get("new") else _("not achieved")
        return _("Milestone “%(title)s” corrected: %(old)s → %(new)s.",
                 title=milestone_title(d.get("title", "")), old=_day(_iso(d.get("old"))),
                 new=new)
    if event.kind == "kpi_corrected":
        return _("%(metric)s of %(date)s corrected: %(old)s → %(new)s.",
                 metric=METRIC_LABELS.get(d.get("metric"), d.get("metric")),
                 date=_day(_iso(d.get("observed_on"))), old=d.get("old"), new=d.get("new"))
    return None


def _iso(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def describe_flag(flag, ladder: Ladder, plan_titles: dict | None = None) -> str:
    """Why a supplier is on the at-risk list."""
    p = flag.params
    if flag.kind == "milestone_late":
        return _("Milestone “%(title)s” is %(days)s days late (due %(date)s).",
                 title=milestone_title(p["title"]),
                 days=p["days_late"], date=_day(p["due"]))
    if flag.kind == "stage_stalled":
        return _("Stuck at %(stage)s for %(days)s days.", stage=stage_name(ladder, p["stage_key"]),
                 days=p["days_in_stage"])
    if flag.kind == "certificate_expired":
        return _("%(standard)s certificate expired on %(date)s.", standard=p["standard"],
                 date=_day(p["expires_on"]))
    if flag.kind == "certificate_expiring":
        return _("%(standard)s certificate expires in %(days)s days.", standard=p["standard"],
                 days=p["days_left"])
    if flag.kind == "plan_item_overdue":
        title = (plan_titles or {}).get(p["plan_item_id"]) or str(
            ACTION_LABELS.get(p["action_key"], p["action_key"]))
        return _("Plan item “%(action)s” is %(days)s days overdue.", action=title,
                 days=p["days_overdue"])
    return flag.kind
