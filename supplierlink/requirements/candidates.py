"""The buyer's view of the ranking: candidates and near misses, explained and filterable.

Everything a candidate card shows is worked out here (score bars, reasons, certificate badges,
application status), so the templates only lay it out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import Session

from supplierlink import consent
from supplierlink.catalogue.models import Standard
from supplierlink.catalogue.services import standards_catalogue
from supplierlink.geo import region_name
from supplierlink.labels import (
    APPLICATION_STATUS_LABELS,
    CERTIFICATION_STATUS_LABELS,
    REQUIREMENT_STATUS_LABELS,
    SIZE_CLASS_LABELS,
    label,
)
from supplierlink.matches.models import MatchResult
from supplierlink.matches.services import stored_evidence
from supplierlink.matches.wording import CRITERION_LABELS, gap_view
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Application, BuyerFeedback, Requirement
from supplierlink.requirements.reasons import Asked, candidate_reasons, linked_categories
from supplierlink.requirements.services import TRANSITIONS
from supplierlink.suppliers.models import Certification, effective_status
from supplierlink.templating import CSRF_SLOT, Frozen, kept_macro, with_csrf_token
from supplierlink.urls import url_for_each

EXPIRY_WARNING_DAYS = 60
BAR_WIDTH = 160  # px of a full score in the SVG bars
STATUS_BUTTON_LABELS = {"open": _l("Publish"), "reopen": _l("Reopen"), "closed": _l("Close")}
CARD_TEXTS = {
    "score_title": _l("Total score out of 100: the sum of the criteria below"),
    "score": _l("Score"), "bars_title": _l("Score by criterion"),
    "certificates": _l("Certificates for this requirement"), "until": _l("until"),
    "blocks": _l("What blocks this supplier"), "blocking": _l("Blocking"),
    "remedy": _l("Remedy:"), "shortlist": _l("Shortlist"), "invite": _l("Invite to apply"),
    "award": _l("Award"), "reject": _l("Reject"), "reason": _l("Reason (sent to the supplier)"),
    "good_title": _l("Good candidate"), "good": _l("Good fit"),
    "poor_title": _l("Poor candidate"), "poor": _l("Poor fit"),
    "award_anyway": _l("Award anyway"),
    "override": _l("Why award a supplier that does not meet every requirement (recorded)"),
    "open_application": _l("Open the application and its messages"),
}


SIZE_BOUNDS = {"micro": (0, 10), "small": (11, 50), "medium": (51, 250), "large": (251, None)}
PER_PAGE = 20  # candidates on one page
NEAR_PER_PAGE = 10  # near misses on one page, below the candidates


@dataclass
class Filters:
    region: str = ""
    size: str = ""
    verified_only: bool = False

    def apply(self, query):
        """``query`` (over ``MatchResult`` joined to ``Organisation``) narrowed in SQL."""
        if self.region:
            query = query.where(or_(Organisation.country == self.region,
                                    Organisation.region == self.region))
        if self.size:
            low, high = SIZE_BOUNDS.get(self.size, (-1, -1))
            query = query.where(Organisation.employees >= low)
            if high is not None:
                query = query.where(Organisation.employees <= high)
        return query

    def query(self) -> dict:
        """The filters as URL parameters (kept across pages and actions)."""
        params = {"region": self.region, "size": self.size, "verified": "1" if self.verified_only
                  else ""}
        return {k: v for k, v in params.items() if v}


@dataclass
class Page:
    items: list
    number: int
    pages: int
    total: int
    offset: int = 0
    numbers: list = field(default_factory=list)


def expiring(expires_on: date | None, need_date: date | None, today: date) -> bool:
    """A valid certificate lapsing within 60 days of today or of the need date."""
    if expires_on is None or expires_on < today:
        return False
    reference = max(today, need_date or today)
    return expires_on <= reference + timedelta(days=EXPIRY_WARNING_DAYS)


def certificate_badge(standard_name: str, stored_status: str, expires_on: date | None,
                      need_date: date | None, today: date) -> dict:
    status = effective_status(stored_status, expires_on, today)
    soon = status in ("verified", "self_declared") and expiring(expires_on, need_date, today)
    return {"standard": standard_name, "status": "expiring" if soon else status,
            "label": str(_l("Expiring")) if soon else label(CERTIFICATION_STATUS_LABELS, status),
            "verified": status == "verified", "expires_on": expires_on}


def _bars(contributions: dict, labels: dict) -> list[dict]:
    """Score bars, largest criterion first (``labels``: criterion names, translated once)."""
    ordered = sorted(contributions.items(), key=lambda kv: -kv[1])
    return [{"key": key, "label": labels.get(key, key), "value": value, "y": i * 20,
             "width": max(0, min(BAR_WIDTH, round(value * BAR_WIDTH))),
             "percent": round(value * 100)} for i, (key, value) in enumerate(ordered)]


_BAR = ('<text x="0" y="{text_y}" font-size="12" fill="#1c2430">{label}</text>'
        '<rect x="205" y="{bar_y}" width="160" height="11" rx="5" fill="#e9edf1"></rect>'
        '<rect x="205" y="{bar_y}" width="{width}" height="11" rx="5" fill="#0b5c55">'
        '<title>{label}: {percent}</title></rect>')


def bars_svg(bars: list[dict]) -> Markup:
    """The rows of a card's score-bar chart (a chart on each of thirty cards: written here
    once rather than through the template's per-value lookups). Labels are escaped; the
    other values are integers, formatted as plain text (``Markup.format`` would escape each
    of them again)."""
    return Markup("\n".join(_bar_row(bar["label"], int(bar["y"]), int(bar["width"]),
                                      int(bar["percent"])) for bar in bars))


@lru_cache(maxsize=4096)
def _bar_row(label: str, y: int, width: int, percent: int) -> str:
    """One row of the chart; the same rows recur on every card and page (a criterion at
    zero, say), so each is written once."""
    return _BAR.format(text_y=y + 13, bar_y=y + 4, label=escape(label), width=width,
                       percent=percent)


def card_view(card: dict) -> Frozen:
    """What a card shows, as plain values (text, numbers, days): the fields of the card, its
    supplier, application, gaps and badges that the card template reads, and nothing else."""
    org, application = card["supplier"], card["application"]
    return Frozen(
        supplier=Frozen(id=org.id, display_name=org.display_name, size_class=org.size_class,
                        region=org.region, country=org.country),
        application=(Frozen(id=application.id, status=application.status,
                            message=application.message) if application else None),
        application_label=card["application_label"], messages=card.get("messages", 0),
        rank=card["rank"], score=card["score"], bar_count=len(card["bars"]),
        bars_svg=card["bars_svg"], reasons=tuple(str(r) for r in card["reasons"]),
        notes=tuple(Frozen(text=str(g["text"]), remedy=str(g["remedy"]))
                    for g in card["notes"]),
        blocking=tuple(Frozen(kind=g["kind"], text=str(g["text"]), remedy=str(g["remedy"]))
                       for g in card["blocking"]),
        certificates=tuple(Frozen(standard=c["standard"], status=c["status"],
                                  label=str(c["label"]), expires_on=c["expires_on"])
                           for c in card["certificates"]),
        feedback=card["feedback"], actions=tuple(card["actions"]),
        action_url=card["action_url"], feedback_url=card["feedback_url"])


def draw_cards(cards: list[dict], req: Requirement) -> None:
    """Put on each card its HTML for the signed-in user, drawn from ``card_view`` and the
    requirement's id and status (``kept_macro``: the same card, read afresh by this request,
    is drawn once per process); only the user's CSRF token is put in afresh."""
    shared = (Frozen(id=req.id, status=req.status), Frozen(card_texts()), Frozen(size_labels()),
              CSRF_SLOT)
    token = generate_csrf()
    for card in cards:
        card["html"] = with_csrf_token(kept_macro(
            "requirements/_candidate.html", "candidate_card", card_view(card), *shared), token)


def size_labels() -> dict:
    return {key: str(text) for key, text in SIZE_CLASS_LABELS.items()}


def card_texts() -> dict:
    """The words every card repeats, translated once per page rather than once per card."""
    return {key: str(text) for key, text in CARD_TEXTS.items()}


#: Which of two certificates of one standard a badge shows: the stronger claim.
_BADGE_STRENGTH = {"verified": 0, "expiring": 1, "self_declared": 2, "expired": 3,
                   "revoked": 4, "rejected": 5}


def _one_per_standard(badges: list[dict]) -> list[dict]:
    """One badge per standard (a renewed certificate next to its expired predecessor shows
    once, as the stronger claim), in the order first seen."""
    best = {}
    for badge in badges:
        current = best.get(badge["standard"])
        if current is None or (_BADGE_STRENGTH.get(badge["status"], 9)
                               < _BADGE_STRENGTH.get(current["status"], 9)):
            best[badge["standard"]] = badge
    kept = {id(b) for b in best.values()}
    return [b for b in badges if id(b) in kept]


def _relevant_certificates(session: Session, req: Requirement, supplier_ids: list[int],
                           today: date) -> dict[int, tuple[list[dict], bool]]:
    """Per supplier: badges of the certificates that meet one of the requirement's standards,
    and whether every required standard is met by a verified one (one query)."""
    wanted = [rs.standard.key for rs in req.standards]
    musts = [rs.standard.key for rs in req.standards if rs.necessity == "must"] or wanted
    if not wanted or not supplier_ids:
        return {}
    catalogue = standards_catalogue(session)
    # the standards that meet one of the wanted ones (equivalents and successors): only
    # these certificates are read, and only the columns the badges show
    meeting = sorted(set().union(*(catalogue.satisfied_by(key) for key in wanted)))
    certs = defaultdict(list)
    for row in session.execute(
            select(Certification.organisation_id, Certification.status,
                   Certification.expires_on, Standard.key, Standard.name)
            .join(Standard, Standard.id == Certification.standard_id)
            .where(Certification.organisation_id.in_(list(supplier_ids)),
                   Standard.key.in_(meeting))
            .order_by(Certification.id)):
        certs[row.organisation_id].append(row)
    found = {}
    for supplier_id, held in certs.items():
        badges = _one_per_standard([certificate_badge(c.name, c.status, c.expires_on,
                                                      req.need_date, today) for c in held])
        verified_keys = [c.key for c, b in zip(held, badges) if b["verified"]]
        verified = all(any(catalogue.satisfies(k, must) for k in verified_keys) for must in musts)
        found[supplier_id] = (badges, verified)
    return found


def _stored(req: Requirement, qualified: bool, filters: Filters, user_id: int | None,
            only_ids=None):
    """Stored results with their suppliers, each with its application to the requirement and
    the user's thumb on it, if any (both unique per requirement and supplier: one query)."""
    query = (select(MatchResult, Organisation, Application, BuyerFeedback.value)
             .join(Organisation, Organisation.id == MatchResult.supplier_id)
             .outerjoin(Application, (Application.requirement_id == req.id)
                        & (Application.supplier_id == MatchResult.supplier_id))
             .outerjoin(BuyerFeedback, (BuyerFeedback.requirement_id == req.id)
                        & (BuyerFeedback.supplier_id == MatchResult.supplier_id)
                        # no signed-in user has no thumbs (rows whose user was deleted
                        # keep a NULL user and must not join)
                        & (BuyerFeedback.user_id == user_id if user_id is not None
                           else false()))
             .where(MatchResult.requirement_id == req.id, MatchResult.qualified == qualified))
    if only_ids is not None:
        query = query.where(MatchResult.supplier_id.in_(list(only_ids)))
    return filters.apply(query).order_by(MatchResult.rank)


def _page_of(session: Session, query, total: int, number: int, per_page: int) -> Page:
    """One page of ``query`` (``total`` rows): stored results per requirement are bounded
    (``RANK_DEPTH`` plus the near misses), so LIMIT/OFFSET on the (requirement, qualified,
    rank) index stays cheap."""
    pages = max(1, math.ceil(total / per_page))
    number = min(max(1, number), pages)
    start = (number - 1) * per_page
    rows = session.execute(query.limit(per_page).offset(start)).all() if total else []
    return Page(list(rows), number, pages, total, start, list(range(1, pages + 1)))


def result_counts(session: Session, req: Requirement, filters: Filters | None = None,
                  only_ids=None) -> tuple[int, int]:
    """How many stored results (that pass ``filters``) qualify and how many are near misses,
    in one grouped query."""
    query = (select(MatchResult.qualified, func.count())
             .join(Organisation, Organisation.id == MatchResult.supplier_id)
             .where(MatchResult.requirement_id == req.id).group_by(MatchResult.qualified))
    if only_ids is not None:
        query = query.where(MatchResult.supplier_id.in_(list(only_ids)))
    counts = dict(session.execute((filters or Filters()).apply(query)).all())
    return counts.get(True, 0), counts.get(False, 0)


@dataclass
class Breakdown:
    """All stored results of a requirement, unfiltered: how many qualify, how many are near
    misses, and the regions (countries and subdivisions) their suppliers are in."""
    qualified: int
    near_misses: int
    regions: list[tuple[str, str]]

    @property
    def totals(self) -> tuple[int, int]:
        return self.qualified, self.near_misses


def result_breakdown(session: Session, req: Requirement) -> Breakdown:
    """The totals and the region filter's choices, in one grouped query."""
    counts, regions = {True: 0, False: 0}, set()

    def supplier_s(column):
        # read by the supplier's key for each stored result (a few hundred at most): joined,
        # PostgreSQL hashed every organisation for them (3-4 ms at 10,000 SMEs against 1)
        return (select(column).where(Organisation.id == MatchResult.supplier_id)
                .scalar_subquery())

    places = supplier_s(Organisation.country), supplier_s(Organisation.region)
    for qualified, country, region, n in session.execute(
            select(MatchResult.qualified, *places, func.count())
            .where(MatchResult.requirement_id == req.id)
            .group_by(MatchResult.qualified, *places)):
        counts[bool(qualified)] += n
        regions.add(country)
        if region:
            regions.add(region)
    return Breakdown(counts[True], counts[False],
                     [(code, f"{region_name(code)} ({code})") for code in sorted(regions)])


def _verified_suppliers(session: Session, req: Requirement, today: date) -> set[int]:
    ids = session.scalars(select(MatchResult.supplier_id).where(
        MatchResult.requirement_id == req.id)).all()
    return {sid for sid, (_b, verified) in _relevant_certificates(session, req, ids, today).items()
            if verified}


def candidate_pages(session: Session, req: Requirement, user_id: int | None, filters: Filters,
                    number: int = 1, near_number: int = 1, per_page: int = PER_PAGE,
                    near_per_page: int = NEAR_PER_PAGE, today: date | None = None,
                    totals: tuple[int, int] | None = None) -> tuple[Page, Page]:
    """The page of ranked candidates and the page of near misses the buyer looks at, read from
    the stored results (filters in SQL) and made into cards with a few batched queries;
    ``totals`` are the unfiltered counts when the caller has them already."""
    today = today or date.today()
    only = _verified_suppliers(session, req, today) if filters.verified_only else None
    qualified, near_misses = (totals if totals is not None and not filters.query()
                              else result_counts(session, req, filters, only))
    ranked = _page_of(session, _stored(req, True, filters, user_id, only), qualified, number,
                      per_page)
    near = _page_of(session, _stored(req, False, filters, user_id, only), near_misses,
                    near_number, near_per_page)
    rows = ranked.items + near.items
    cards = _cards(session, req, user_id, rows, today, filters.query())
    ranked.items, near.items = cards[:len(ranked.items)], cards[len(ranked.items):]
    return ranked, near


def _cards(session: Session, req: Requirement, user_id: int | None, rows: list,
           today: date, query: dict | None = None) -> list[dict]:
    ids = [row[0].supplier_id for row in rows]
    if not ids:
        return []
    action_url = url_for_each("requirements.candidate_action", "supplier_id", req_id=req.id,
                              **(query or {}))
    feedback_url = url_for_each("requirements.feedback", "supplier_id", req_id=req.id,
                                **(query or {}))
    certificates = _relevant_certificates(session, req, ids, today)
    results = [row[0] for row in rows]
    facts, categories = stored_evidence(session, req, results), linked_categories(session, results)
    locale = str(get_locale() or "en")
    labels = {key: str(label) for key, label in CRITERION_LABELS.items()}
    asked = Asked.of(req, locale)
    cards = []
    for result, org, application, thumb in rows:
        gaps = [gap_view(g) for g in result.gaps]
        bars = _bars(result.contributions, labels)
        badges, verified = certificates.get(result.supplier_id, ([], False))
        cards.append({
            "supplier": org, "rank": result.rank, "qualified": result.qualified,
            "score": round(result.score * 100), "bars": bars,
            "bars_svg": bars_svg(bars),
            "blocking": [g for g in gaps if g["blocking"]],
            "notes": [g for g in gaps if not g["blocking"]],
            "certificates": badges, "verified": verified,
            "reasons": candidate_reasons(asked, org, facts.get(result.supplier_id, {}), categories,
                                         [b["standard"] for b in badges if b["status"] in
                                          ("verified", "self_declared", "expiring")], locale,
                                         result.linked),
            "application": application,
            "application_label": label(APPLICATION_STATUS_LABELS,
                                       application.status) if application else None,
            "feedback": thumb,
            "action_url": action_url(result.supplier_id),
            "feedback_url": feedback_url(result.supplier_id),
            # the same eligibility the service enforces (supplierlink.consent)
            "actions": consent.CANDIDATE_ACTIONS["qualified" if result.qualified
                                                 else "near_miss"],
        })
    return cards


def requirement_details(req: Requirement, locale: str) -> dict:
    """The requirement's coded fields as text in the user's language."""
    return {
        "status_label": label(REQUIREMENT_STATUS_LABELS, req.status),
        "categories": [(rc.category.code, rc.category.title(locale)) for rc in req.categories],
        "must": [rs.standard.name for rs in req.standards if rs.necessity == "must"],
        "preferred": [rs.standard.name for rs in req.standards if rs.necessity == "preferred"],
        "regions": [f"{region_name(r.region_code)} ({r.region_code})" for r in req.regions],
    }


def status_buttons(req: Requirement) -> list[tuple[str, str]]:
    """The status changes offered on the page (awarding goes through a candidate)."""
    reopening = req.status == "closed"
    return [(status, str(STATUS_BUTTON_LABELS["reopen" if reopening and status == "open"
                                              else status]))
            for status in ("open", "closed") if status in TRANSITIONS[req.status]]
