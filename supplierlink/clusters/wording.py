"""What each cluster figure is called and how it is defined (shown one click away), and the
wording of ties, zones and mentor reasons."""

from __future__ import annotations

from flask_babel import format_percent
from flask_babel import lazy_gettext as _l

from supplierlink.geo import region_name
from supplierlink.labels import SIZE_CLASS_LABELS, label

# key: (name, definition); a metric "standard.<key>.verified" uses the "standard_verified"
# entry, "size.<class>" the "size" entry, "stage.<key>" the "stage" entry
DEFINITIONS = {
    "smes": (_l("SMEs in the cluster"), _l(
        "SMEs registered on SupplierLink based in the cluster's territory (its country, or the "
        "regions it names) that declare at least one category in its sectors. A past month "
        "counts the SMEs registered by its end (territory and sectors as the profiles say "
        "today: their history is not kept).")),
    "size": (_l("SMEs by size class"), _l(
        "Members by employees: micro up to 10, small 11–50, medium 51–250, large over 250.")),
    "standard_verified": (_l("Share holding the standard, verified"), _l(
        "Share of member SMEs holding an unexpired certificate of the standard that was "
        "verified at the end of the month, from each certificate's recorded status changes "
        "(a certificate verified later counts as self-declared before).")),
    "standard_self_declared": (_l("Share holding the standard, self-declared only"), _l(
        "Share of member SMEs whose only unexpired certificate of the standard was declared by "
        "the SME and not verified at the end of the month; certificates entered later do not "
        "count.")),
    "exporters": (_l("Share that export"), _l(
        "Share of member SMEs with an export recorded in the year or the year before.")),
    "export_markets": (_l("Export markets"), _l(
        "Countries to which member SMEs exported in the year or the year before.")),
    "lead_firms": (_l("Lead firms buying"), _l(
        "Lead firms with an open requirement in the cluster's sectors, delivered in its "
        "territory or posted by a lead firm based there.")),
    "open_requirements": (_l("Open requirements"), _l(
        "Published requirements of those lead firms in the cluster's sectors (past months: "
        "those published by then and not yet closed or awarded, from the status changes on "
        "record).")),
    "qualified": (_l("Qualified pairs"), _l(
        "Member SMEs meeting every must-have of an open requirement, counted once per "
        "requirement (from the latest ranking).")),
    "near_miss": (_l("Near-miss pairs"), _l(
        "Member SMEs blocked from an open requirement only by gaps that can be closed, "
        "counted once per requirement.")),
    "enrolled": (_l("Programme enrolments"), _l(
        "Member SMEs active at the end of the month in the programmes of the cluster's "
        "operator: they had accepted by then and had not left.")),
    "stage": (_l("Enrolments by stage"), _l(
        "Enrolments at each stage of the programme ladder at the end of the month (from the "
        "recorded stage moves).")),
    "hhi": (_l("Concentration (HHI)"), _l(
        "Herfindahl–Hirschman index of export sales: the sum of the squared shares of each "
        "market (or product). 1 means everything goes to one; 1/n an even split over n.")),
    "survival": (_l("Export survival"), _l(
        "Of the markets entered (the first year an SME served them), the share still served "
        "one and two years later; entries too recent to tell are left out.")),
    "share_exported": (_l("Share of sales exported"), _l(
        "Latest export sales over latest sales from the SME's KPI observations. The World "
        "Class Suppliers programme counted a supplier as exporting over 30%.")),
    "local_content": (_l("Local content (GRI 204-1)"), _l(
        "Of a lead firm's awards in a year, the share of awarded spend and of awards going to "
        "SMEs in the same region as the lead firm's operation, elsewhere in the same country, "
        "and abroad. Awards without a value count in the award shares only.")),
    "demand": (_l("Demand signals"), _l(
        "For each standard or capability, the near-miss SMEs of the cluster for which it is "
        "the only blocking gap of an open requirement, those requirements and their lead "
        "firms.")),
    "network": (_l("Supplier network"), _l(
        "Organisations are nodes; a tie joins two that share an award, an application, a "
        "shortlist, a programme (SME and operator), a cohort, a sponsorship or a mentoring "
        "pair. Communities maximise modularity (Louvain; above 3,000 organisations, fast "
        "label propagation); a bridge has ties in two or more "
        "communities and ranks in the top 5% by betweenness (the share of shortest paths "
        "between other organisations that pass through it; estimated from a fixed sample of 64 "
        "organisations above 1,500). A mentoring pair or a sponsorship that ended is a tie "
        "only between its start and its end. Above 800 organisations the picture places "
        "each community as a disc of its members."))
}

EDGE_KIND_LABELS = {
    "award": _l("Award"), "application": _l("Application"), "shortlist": _l("Shortlist"),
    "programme": _l("Programme"), "cohort": _l("Cohort"), "mentoring": _l("Mentoring"),
    "sponsorship": _l("Sponsorship"),
}
ZONE_LABELS = {"region": _l("Same region"), "country": _l("Same country"),
               "elsewhere": _l("Elsewhere")}
PAIR_STATUS_LABELS = {"proposed": _l("Waiting for both SMEs"), "active": _l("Active"),
                      "declined": _l("Declined"), "ended": _l("Ended")}
SPONSOR_STATUS_LABELS = {"invited": _l("Invited"), "accepted": _l("Accepted"),
                         "declined": _l("Declined"), "ended": _l("Ended")}


def definition_key(metric: str) -> str:
    if metric.startswith("size."):
        return "size"
    if metric.startswith("stage."):
        return "stage"
    if metric.startswith("standard."):
        return "standard_" + metric.rsplit(".", 1)[1]
    return metric


def metric_name(metric: str, standards: dict[str, str], stages: dict[str, str]) -> str:
    """A figure's name as a reader sees it (``standard.iso-9001.verified`` -> "ISO 9001,
    verified")."""
    if metric.startswith("size."):
        return label(SIZE_CLASS_LABELS, metric[5:])
    if metric.startswith("stage."):
        return stages.get(metric[6:], metric[6:])
    if metric.startswith("standard."):
        _prefix, key, status = metric.split(".")
        which = _l("verified") if status == "verified" else _l("self-declared")
        return f"{standards.get(key, key)}, {which}"
    return str(DEFINITIONS.get(metric, (metric,))[0])


def is_share(metric: str) -> bool:
    return metric.startswith("standard.") or metric == "exporters"


def show_value(metric: str, value: float | None) -> str:
    if value is None:
        return "—"
    if is_share(metric):
        return format_percent(value, format="#,##0.0%")
    return f"{value:,.0f}"


def mentor_reason(key: str, values: dict) -> str:
    if key == "closed":
        return str(_l("obtained it on %(day)s", day=values["on"].isoformat()))
    if key == "other_community":
        return str(_l("from another community of the network: a bridge to new knowledge"))
    if key == "other_region":
        return str(_l("based in another region (%(region)s)", region=region_name(
            values["region"])))
    if key == "bridge":
        return str(_l("links several communities"))
    if key == "same_sector":
        return str(_l("works in the same sector (%(codes)s)",
                      codes=", ".join(values["sectors"])))
    if key == "similar_size":
        return str(_l("similar size (%(size)s)", size=label(SIZE_CLASS_LABELS, values["size"])))
    if key == "programme_record":
        return str(_l("went %(share)s of the way up its programme's ladder",
                      share=format_percent(values["share"], format="#,##0%")))
    return key
