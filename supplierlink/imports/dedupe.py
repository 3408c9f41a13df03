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
#: In a kind and country with more names than this, a name is compared only with the names
#: sharing one of its blocking keys (:func:`blocking_keys`), not with all of them: those of its
#: rarest keys first, up to ``MOST_COMPARED`` names (at least those of its rarest key), as a key
#: shared by many names ("serv" of "servicios") says little.
BLOCK_FROM = 500
MOST_COMPARED = 400


def blocking_keys(normalised: str) -> set[str]:
    """The first four letters of each word of a normalised name, and of the name without its
    spaces (so "m e r c u r y" meets "mercury")."""
    words = normalised.split()
    return {w[:4] for w in words if len(w) > 1} | {normalised.replace(" ", "")[:4]} - {""}


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
    """The organisations registered before an import began, grouped by kind and country, and
    those the import creates as it goes (:meth:`add_new`): a party is matched against both."""

    def __init__(self, session: Session):
        self.session = session
        self.same, self.review = thresholds(session)
        self.groups: dict[tuple, list[CompanyRecord]] = {}
        self.names: dict[tuple, list[str]] = {}
        self.blocks: dict[tuple, dict[str, list[int]]] = {}  # key -> positions in the group
        #: organisations created by the import, not flushed yet, by a stand-in (negative) id
        self.created: dict[int, Organisation] = {}
        self.display_names: dict[int, str] = {}
        for org_id, kind, legal, trade, country, town in session.execute(select(
                Organisation.id, Organisation.kind, Organisation.legal_name,
                Organisation.trade_name, Organisation.country, Organisation.town)):
            self._add(org_id, kind, country, {legal, trade}, town)
            self.display_names[org_id] = trade or legal

    def _add(self, org_id: int, kind: str, country: str, names, town) -> None:
        group_key = (kind, country)
        group = self.groups.setdefault(group_key, [])
        known = self.names.setdefault(group_key, [])
        blocks = self.blocks.get(group_key)
        for name in set(names) - {None, ""}:
            normalised = normalise_company_name(name)
            if blocks is not None:
                for key in blocking_keys(normalised):
                    blocks.setdefault(key, []).append(len(known))
            group.append(CompanyRecord(str(org_id), name, country, town or ""))
            known.append(normalised)

    def add_new(self, org: Organisation) -> int:
        """Match later parties against ``org``, just created by the import (not flushed yet);
        its stand-in id, which :meth:`resolve` turns into its id once flushed."""
        stand_in = -1 - len(self.created)
        self.created[stand_in] = org
        self._add(stand_in, org.kind, org.country, {org.legal_name, org.trade_name}, org.town)
        return stand_in

    def resolve(self, org_id: int) -> int:
        """The id of an organisation given by its id or its stand-in id (once flushed)."""
        return self.created[org_id].id if org_id < 0 else org_id

    def by_tax_id(self, parties) -> dict[tuple, int]:
        keys = list({(p.country, p.tax_id) for p in parties})
        found = {}
        for start in range(0, len(keys), 500):
            found.update({(c, t): i for i, c, t in self.session.execute(
                select(Organisation.id, Organisation.tax_country, Organisation.tax_id)
                .where(tuple_(Organisation.tax_country, Organisation.tax_id)
                       .in_(keys[start:start + 500])))})
        return found

    def _candidates(self, group_key: tuple, name: str):
        """The names of a group to compare ``name`` with: all of them in a small group, those
        sharing a blocking key in a large one (by position in the group)."""
        names = self.names[group_key]
        if len(names) <= BLOCK_FROM:
            return names
        blocks = self.blocks.get(group_key)
        if blocks is None:
            blocks = self.blocks[group_key] = {}
            for position, known in enumerate(names):
                for key in blocking_keys(known):
                    blocks.setdefault(key, []).append(position)
        chosen: dict[int, str] = {}
        for posting in sorted((blocks.get(key, []) for key in blocking_keys(name)), key=len):
            if chosen and len(chosen) + len(posting) > MOST_COMPARED:
                break
            chosen.update((position, names[position]) for position in posting)
        return chosen

    def best_match(self, party) -> Match | None:
        """The closest registered organisation in the "same" or "review" band, or None."""
        group = self.groups.get((party.kind, party.country))
        if not group:
            return None
        best = None
        for name in {party.name, party.legal_name} - {None}:
            normalised = normalise_company_name(name)
            candidates = process.extract(normalised,
                                         self._candidates((party.kind, party.country),
                                                          normalised),
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

    def send_to_review(self, session: Session, pairs: list[tuple[int, Match]]) -> None:
        """Queue each (new organisation id, match) pair for review, unless already proposed
        or decided: a decision is never asked for twice."""
        wanted = {}
        for org_id, match in pairs:
            other_id = self.resolve(match.organisation_id)
            wanted.setdefault(tuple(sorted((org_id, other_id))), (other_id, match))
        keys, asked = list(wanted), set()
        with session.no_autoflush:
            for start in range(0, len(keys), 500):
                asked.update(tuple(row) for row in session.execute(
                    select(DuplicateCandidate.first_id, DuplicateCandidate.second_id).where(
                        tuple_(DuplicateCandidate.first_id, DuplicateCandidate.second_id)
                        .in_(keys[start:start + 500]))))
        for (first, second), (other_id, match) in wanted.items():
            if (first, second) in asked:
                continue
            # the evidence lists the registered organisation first; the pair is kept in id order
            keep = first == other_id
            evidence = {k: list(v if keep else reversed(v)) for k, v in match.evidence.items()}
            session.add(DuplicateCandidate(first_id=first, second_id=second, score=match.score,
                                           evidence=evidence))
