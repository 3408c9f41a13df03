"""The engine's duplicate finder applied to imports: is a party one of the organisations already
registered (same kind, same country)?"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from matching.duplicates import CompanyRecord, band_for, normalise_company_name, score_pair
from supplierlink.imports.models import DuplicateCandidate
from supplierlink.organisations.models import Organisation

SAME, REVIEW = 0.85, 0.7
PREFILTER = 60.0


@dataclass(frozen=True)
class Match:
    organisation_id: int
    score: float
    band: str
    evidence: dict


def thresholds(session: Session) -> tuple[float, float]:
    """The finder's "same" and "review" floors: tuned on the review queue's decisions once
    there are enough of them (:func:`supplierlink.imports.review.learned_thresholds`)."""
    from supplierlink.imports.review import learned_thresholds

    return learned_thresholds(session, (SAME, REVIEW))


class ExistingOrganisations:
    """The organisations registered before an import began, grouped by kind and country."""

    def __init__(self, session: Session):
        self.session = session
        self.same, self.review = thresholds(session)
        self.groups: dict[tuple, list[CompanyRecord]] = {}
        self.names: dict[tuple, list[str]] = {}
        for org_id, kind, legal, trade, country, town in session.execute(select(
                Organisation.id, Organisation.kind, Organisation.legal_name,
                Organisation.trade_name, Organisation.country, Organisation.town)):
            for name in {legal, trade} - {None, ""}:
                record = CompanyRecord(str(org_id), name, country, town or "")
                self.groups.setdefault((kind, country), []).append(record)
                self.names.setdefault((kind, country), []).append(normalise_company_name(name))

    def by_tax_id(self, parties) -> dict[tuple, int]:
        keys = list({(p.country, p.tax_id) for p in parties})
        found = {}
        for start in range(0, len(keys), 500):
            found.update({(c, t): i for i, c, t in self.session.execute(
                select(Organisation.id, Organisation.tax_country, Organisation.tax_id)
                .where(tuple_(Organisation.tax_country, Organisation.tax_id)
                       .in_(keys[start:start + 500])))})
        return found

    def best_match(self, party) -> Match | None:
        """The closest registered organisation in the "same" or "review" band, or None."""
        group = self.groups.get((party.kind, party.country))
        if not group:
            return None
        best = None
        for name in {party.name, party.legal_name} - {None}:
            candidates = process.extract(normalise_company_name(name),
                                         self.names[(party.kind, party.country)],
                                         scorer=fuzz.token_set_ratio,
                                         score_cutoff=PREFILTER, limit=5)
            record = CompanyRecord("new", name, party.country, party.locality or "")
            for _choice, _coarse, index in candidates:
                other = group[index]
                score = score_pair(record, other)
                if score >= self.review and (best is None or score > best[0]):
                    best = (score, other, record)
        if best is None:
            return None
        score, other, record = best
        evidence = {"names": [normalise_company_name(other.name),
                              normalise_company_name(record.name)],
                    "raw_names": [other.name, record.name],
                    "addresses": [other.address, party.address],
                    "identifiers": [None, f"{party.scheme} {party.identifier}"]}
        return Match(int(other.id), score, band_for(score, self.same, self.review), evidence)

    def send_to_review(self, session: Session, org_id: int, match: Match) -> None:
        first, second = sorted((org_id, match.organisation_id))
        if session.scalar(select(DuplicateCandidate.id).where(
                DuplicateCandidate.first_id == first, DuplicateCandidate.second_id == second)):
            return  # already proposed, or decided: a decision is never asked for twice
        # the evidence lists the registered organisation first; the pair is kept in id order
        keep = first == match.organisation_id
        evidence = {k: list(v if keep else reversed(v)) for k, v in match.evidence.items()}
        session.add(DuplicateCandidate(first_id=first, second_id=second, score=match.score,
                                       evidence=evidence))
