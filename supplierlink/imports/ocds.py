"""Import of public procurement (OCDS): buyers become lead firms, suppliers SME organisations,
awards their track record.

Organisations are found by register and identifier first, then by the duplicate finder against
the organisations that existed before the import and those the import created before the
party: a "same" pair links the party to that organisation, a "review" pair creates the
organisation and sends the pair to the duplicate queue.
Nothing already imported is imported again, so the same file twice changes nothing and a later
file adds only what is new. Work goes in chunks; ``on_chunk`` (the job, the command) may commit
after each one, so a long import shows its progress and an interrupted one resumes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from matching.ocds import award_events, read_releases
from supplierlink import signals
from supplierlink.geo import PLACE_MAX
from supplierlink.imports.dedupe import ExistingOrganisations
from supplierlink.imports.models import ImportedAward, OrgIdentifier
from supplierlink.imports.parties import Party, party_of
from supplierlink.organisations.models import Organisation

CHUNK = 2000


@dataclass
class ImportSummary:
    releases: int = 0
    created: Counter = field(default_factory=Counter)  # by organisation kind
    linked: int = 0  # parties found in existing organisations by the duplicate finder
    known: int = 0  # parties found by their identifier
    review: int = 0  # pairs sent to the duplicate queue
    awards: int = 0  # award records added to track records
    skipped: Counter = field(default_factory=Counter)  # by reason
    changed_suppliers: set = field(default_factory=set)

    def as_dict(self) -> dict:
        return {"releases": self.releases, "created": dict(self.created),
                "linked": self.linked, "known": self.known, "review": self.review,
                "awards": self.awards, "skipped": dict(self.skipped)}


@dataclass
class _Award:
    ocid: str
    award_id: str
    supplier: tuple
    buyer: tuple | None
    codes: tuple
    date: object
    value: float | None
    site: str | None


def read_all(paths: Iterable) -> list[dict]:
    releases = []
    for path in paths:
        releases.extend(read_releases(Path(path)))
    return releases


def _parties_of(release: dict) -> dict:
    return {str(p.get("id")): p for p in release.get("parties") or [] if isinstance(p, dict)}


def _extract(releases: list[dict], summary: ImportSummary):
    """The parties and awards of some releases (skipped ones counted by reason)."""
    parties: dict[tuple, Party] = {}
    awards: list[_Award] = []
    for release in releases:
        summary.releases += 1
        index = _parties_of(release)
        ocid = str(release.get("ocid") or release.get("id") or "")
        buyer_ref = release.get("buyer") if isinstance(release.get("buyer"), dict) else next(
            (p for p in index.values() if "buyer" in (p.get("roles") or [])), None)
        buyer = party_of(buyer_ref, index.get(str(buyer_ref.get("id"))), "lead_firm", ocid) \
            if buyer_ref else None
        if buyer is not None:
            parties.setdefault(buyer.key, buyer)
        if not any(isinstance(a, dict) and a.get("status") in (None, "active")
                   for a in release.get("awards") or []):
            summary.skipped["no active award"] += 1
            continue
        suppliers = {}
        for award in release.get("awards") or []:
            for ref in (award.get("suppliers") or []) if isinstance(award, dict) else []:
                if isinstance(ref, dict):
                    party = party_of(ref, index.get(str(ref.get("id"))), "sme", ocid)
                    sid = ref.get("id") or (ref.get("identifier") or {}).get("id") or \
                        ref.get("name")
                    if party is None:
                        summary.skipped["supplier without name or identifier"] += 1
                    elif sid:
                        suppliers[str(sid)] = party
        for event in award_events([release]):
            party = suppliers.get(event.supplier_id)
            if party is None:
                continue
            parties.setdefault(party.key, party)
            awards.append(_Award(ocid[:200], event.award_id[:200], party.key,
                                 buyer.key if buyer else None, event.codes, event.date,
                                 event.value, (event.buyer_site or "")[:PLACE_MAX] or None))
    return parties, awards


def _create(session: Session, party: Party) -> Organisation:
    org = Organisation(kind=party.kind, legal_name=(party.legal_name or party.name)[:200],
                       trade_name=party.name if party.legal_name and party.legal_name != party.name
                       else None,
                       tax_country=party.country, tax_id=party.tax_id, country=party.country,
                       town=(party.locality or "")[:PLACE_MAX] or None, description="",
                       published=False)
    session.add(org)
    return org


def _resolve(session: Session, parties: dict[tuple, Party], known: dict[tuple, int],
             existing: ExistingOrganisations, summary: ImportSummary) -> None:
    """Give every party an organisation id in ``known`` (creating what is new)."""
    new = [p for key, p in parties.items() if key not in known]
    summary.known += len(parties) - len(new)
    if not new:
        return
    by_tax = existing.by_tax_id(p for p in new)
    created: list[tuple[Party, Organisation]] = []
    found: list[tuple[Party, int]] = []  # by tax id or by the finder (maybe a stand-in id)
    reviews = []
    for party in new:
        org_id = by_tax.get((party.country, party.tax_id))
        # organisations created earlier in this import are candidates too: two spellings of
        # one new company in a file make one organisation (or a pair to review)
        match = None if org_id else existing.best_match(party)
        if org_id is None and match is not None and match.band == "same":
            org_id = match.organisation_id
            summary.linked += 1
        if org_id is not None:
            found.append((party, org_id))
            continue
        org = _create(session, party)
        existing.add_new(org)
        created.append((party, org))
        summary.created[party.kind] += 1
        if match is not None:
            reviews.append((org, match))
    session.flush()
    for party, org in created:
        known[party.key] = org.id
    for party, org_id in found:
        known[party.key] = existing.resolve(org_id)
    session.add_all(OrgIdentifier(organisation_id=known[p.key], scheme=p.scheme,
                                  identifier=p.identifier) for p in new)
    existing.send_to_review(session, [(org.id, match) for org, match in reviews])
    summary.review += len(reviews)
    session.flush()


def _add_awards(session: Session, awards: list[_Award], known: dict[tuple, int],
                seen: set, summary: ImportSummary) -> None:
    rows = []
    for award in awards:
        supplier_id = known[award.supplier]
        for code in award.codes or ("",):
            key = (award.ocid, award.award_id, supplier_id, code[:40])
            if key in seen:
                continue
            seen.add(key)
            rows.append({"supplier_id": supplier_id, "ocid": award.ocid,
                         "award_id": award.award_id, "code": code[:40],
                         "buyer_id": known.get(award.buyer) if award.buyer else None,
                         "awarded_on": award.date, "value": award.value, "site": award.site})
            summary.changed_suppliers.add(supplier_id)
    if rows:
        session.execute(ImportedAward.__table__.insert(), rows)
    summary.awards += len(rows)


def import_releases(session: Session, releases: list[dict],
                    on_chunk: Callable[[int, int], None] | None = None,
                    chunk: int = CHUNK) -> ImportSummary:
    """Import OCDS releases (see the module docstring); flushes, never commits."""
    summary = ImportSummary()
    known = {(s, i): o for s, i, o in session.execute(
        select(OrgIdentifier.scheme, OrgIdentifier.identifier, OrgIdentifier.organisation_id))}
    seen = set(session.execute(select(ImportedAward.ocid, ImportedAward.award_id,
                                      ImportedAward.supplier_id, ImportedAward.code)))
    seen = {tuple(row) for row in seen}
    existing = ExistingOrganisations(session)
    for start in range(0, len(releases), chunk):
        parties, awards = _extract(releases[start:start + chunk], summary)
        _resolve(session, parties, known, existing, summary)
        _add_awards(session, awards, known, seen, summary)
        if on_chunk is not None:
            on_chunk(min(start + chunk, len(releases)), len(releases))
    if summary.changed_suppliers or summary.created:
        signals.records_imported.send(session, organisation_ids=sorted(
            summary.changed_suppliers))
    return summary


def import_files(session: Session, paths: Iterable, on_chunk=None,
                 chunk: int = CHUNK) -> ImportSummary:
    return import_releases(session, read_all(paths), on_chunk=on_chunk, chunk=chunk)
