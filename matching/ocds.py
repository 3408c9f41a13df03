"""Read OCDS 1.x award data and turn it into supplier histories.

``read_releases`` accepts release packages, record packages (compiled releases are used,
embedded releases otherwise), single releases or records, JSON lines, gzipped or not, or a
directory of such files. ``award_events`` flattens every active award into one event per
awarded supplier; ``award_histories`` builds a ``SupplierProfile`` per supplier from them. An award's texts are
its title and description, its items' descriptions and the tender's title and description;
its procedure the tender's ``procurementMethodDetails`` (else ``procurementMethod``); its
region the buyer address's, else the region the buyer's name names ("Alcaldía de Medellín"),
else the one its texts name (``places.region_in_text``).
Item codes keep their own scheme; national catalogue codes built on UNSPSC (Paraguay's DNCP
``32121701-003``) are reduced to the UNSPSC code.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .places import region_in_text
from .types import AwardRecord, SupplierProfile

_UNSPSC_BASED = re.compile(r"^(\d{8})-\d+$")
_SUFFIXES = (".json", ".jsonl", ".json.gz", ".jsonl.gz", ".ndjson", ".ndjson.gz")
MAX_TEXTS = 40


@dataclass(frozen=True)
class AwardEvent:
    """One supplier's share of one award."""

    ocid: str
    award_id: str
    date: date | None
    buyer_id: str | None
    buyer_region: str | None
    supplier_id: str
    supplier_name: str
    supplier_region: str | None
    supplier_country: str | None
    codes: tuple[str, ...]
    texts: tuple[str, ...]
    value: float | None
    buyer_site: str | None = None
    supplier_locality: str | None = None
    #: the tender's procurement procedure (``procurementMethodDetails``, else
    #: ``procurementMethod``)
    method: str | None = None


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else \
        open(path, encoding="utf-8")


def _documents(path: Path):
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.name.endswith(_SUFFIXES):
                yield from _documents(child)
        return
    with _open(path) as fh:
        text = fh.read()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:  # JSON lines: one document per line
        yield from (json.loads(line) for line in text.splitlines() if line.strip())
    else:
        yield from (doc if isinstance(doc, list) else [doc])


def _is_full_release(rel) -> bool:
    return isinstance(rel, dict) and any(k in rel for k in ("awards", "tender", "buyer", "parties"))


def read_releases(path):
    """Yield OCDS releases (dicts) from a file or directory (see module docstring)."""
    for doc in _documents(Path(path)):
        if not isinstance(doc, dict):
            continue
        records = doc.get("records") if isinstance(doc.get("records"), list) else None
        if records is None and "compiledRelease" in doc:
            records = [doc]
        if records is not None:
            for rec in records:
                if _is_full_release(rec.get("compiledRelease")):
                    yield rec["compiledRelease"]
                else:
                    yield from (r for r in rec.get("releases", []) if _is_full_release(r))
        elif isinstance(doc.get("releases"), list):
            yield from (r for r in doc["releases"] if _is_full_release(r))
        elif "ocid" in doc:
            yield doc


def parse_date(value) -> date | None:
    """Date part of an OCDS date-time string, or None."""
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip()[:10]).date()
    except ValueError:
        return None


def item_code(classification) -> str | None:
    """Classification id of an item, reduced to UNSPSC for catalogues built on it."""
    if not isinstance(classification, dict) or classification.get("id") in (None, ""):
        return None
    code = str(classification["id"]).strip()
    match = _UNSPSC_BASED.match(code)
    return match.group(1) if match else code


def _party_index(release):
    return {str(p.get("id")): p for p in release.get("parties") or [] if isinstance(p, dict)}


def _address_field(party, name) -> str | None:
    address = (party or {}).get("address") or {}
    value = address.get(name) if isinstance(address, dict) else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _region(party) -> str | None:
    return _address_field(party, "region")


def _country(party) -> str | None:
    return _address_field(party, "countryName")


def _locality(party) -> str | None:
    """Town or city of a party: a buyer's site, a supplier's home."""
    return _address_field(party, "locality")


def _buyer(release, parties):
    buyer = release.get("buyer") if isinstance(release.get("buyer"), dict) else None
    if buyer is None:
        buyer = next((p for p in parties.values() if "buyer" in (p.get("roles") or [])), None)
    if not buyer:
        return None, None, None, None, None
    buyer_id = buyer.get("id") or (buyer.get("identifier") or {}).get("id") or buyer.get("name")
    party = parties.get(str(buyer.get("id"))) or buyer
    name = buyer.get("name") or party.get("name")
    return (str(buyer_id) if buyer_id else None), _region(party), _locality(party), \
        _country(party), (name if isinstance(name, str) else None)


def _award_items(release, award):
    if award.get("items"):
        return award["items"]
    linked = [c for c in release.get("contracts") or []
              if isinstance(c, dict) and str(c.get("awardID")) == str(award.get("id"))]
    items = [i for c in linked for i in c.get("items") or []]
    return items or (release.get("tender") or {}).get("items") or []


def award_events(releases):
    """Yield one ``AwardEvent`` per (active award, supplier), duplicates across releases removed."""
    seen = set()
    for release in releases:
        parties = _party_index(release)
        buyer_id, buyer_region, buyer_site, buyer_country, buyer_name = _buyer(release, parties)
        ocid = str(release.get("ocid") or release.get("id") or "")
        for award in release.get("awards") or []:
            if not isinstance(award, dict) or award.get("status") not in (None, "active"):
                continue
            items = [i for i in _award_items(release, award) if isinstance(i, dict)]
            codes = tuple(dict.fromkeys(c for c in (item_code(i.get("classification"))
                                                    for i in items) if c))
            texts = [award.get("title"), award.get("description")]
            for i in items:
                texts.append(i.get("description") or (i.get("classification") or {}).get(
                    "description"))
            tender = release.get("tender") if isinstance(release.get("tender"), dict) else {}
            texts += [tender.get("title"), tender.get("description")]
            method = tender.get("procurementMethodDetails") or tender.get("procurementMethod")
            texts = tuple(dict.fromkeys(t.strip() for t in texts if isinstance(t, str) and t.strip()))
            # no region in the buyer's address: the one its name names ("Alcaldía de
            # Medellín", "Dirección Seccional ... de Montería"), else the texts', if any
            region = (buyer_region or region_in_text(buyer_name, buyer_country)
                      or region_in_text(" ".join(texts), buyer_country))
            value = (award.get("value") or {}).get("amount")
            when = parse_date(award.get("date")) or parse_date(release.get("date"))
            for supplier in award.get("suppliers") or []:
                if not isinstance(supplier, dict):
                    continue
                ident = supplier.get("identifier") or {}
                sid = supplier.get("id") or ident.get("id") or supplier.get("name")
                if not sid:
                    continue
                key = (ocid, str(award.get("id")), str(sid))
                if key in seen:
                    continue
                seen.add(key)
                party = parties.get(str(supplier.get("id"))) or supplier
                yield AwardEvent(ocid, str(award.get("id")), when, buyer_id, region,
                                 str(sid), str(supplier.get("name") or ident.get("legalName") or sid),
                                 _region(party), _country(party), codes, texts,
                                 float(value) if isinstance(value, (int, float)) else None,
                                 buyer_site, _locality(party),
                                 method.strip() if isinstance(method, str) and method.strip()
                                 else None)


def award_histories(events) -> dict[str, SupplierProfile]:
    """Supplier profiles from award events: codes won, item texts, awards (with the buyer's
    region and site), home region and locality."""
    grouped = {}
    for ev in events:
        grouped.setdefault(ev.supplier_id, []).append(ev)
    profiles = {}
    for sid, evs in grouped.items():
        awards, codes, texts = [], {}, {}
        for ev in evs:
            for code in ev.codes or ("",):
                awards.append(AwardRecord(code, ev.buyer_id, ev.date, ev.value, ev.buyer_region,
                                          " ".join(ev.texts), ev.buyer_site,
                                          method=ev.method))
                if code:
                    codes[code] = None
            for text in ev.texts:
                texts[text] = None
        regions = [ev.supplier_region for ev in evs if ev.supplier_region]
        localities = [ev.supplier_locality for ev in evs if ev.supplier_locality]
        profiles[sid] = SupplierProfile(
            id=sid, name=evs[-1].supplier_name, codes=tuple(codes),
            text=" ".join(list(texts)[:MAX_TEXTS]),
            region=regions[-1] if regions else None,
            awards=tuple(a for a in awards if a.code),
            locality=localities[-1] if localities else None,
        )
    return profiles
