"""Duplicate organisations: the same company registered twice under slightly different names.

Names are normalised (accents, punctuation and legal forms such as S.A. de C.V., Ltda., SpA,
EIRL, S.R.L., Inc. or Ltd. removed), records are compared only within their country, and each
pair gets a score in [0, 1] and a band: "same", "review" (for the administrator's queue) or
"different".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz, process

from .text import strip_accents

LEGAL_FORMS = [
    "s de r l de c v", "s a p i de c v", "s a b de c v", "s a de c v", "s c de r l",
    "s en c", "s a s", "s a", "s r l", "s l", "s p a", "s c", "e i r l", "l t d a", "c i a",
    "ltda", "sas", "sa", "srl", "spa", "eirl", "sl", "sac", "saa", "cia", "me", "epp", "mei",
    "inc", "incorporated", "ltd", "limited", "llc", "l l c", "llp", "co", "company", "corp",
    "corporation", "gmbh", "ag", "plc", "pvt", "private", "pte", "bv", "nv", "oy", "ab",
    "ood", "eood", "d o o", "doo", "a s", "kft", "sro", "s r o", "pty", "sdn bhd", "bhd",
    "y cia", "e hijos", "and co",
]
_FORMS = re.compile(
    r"\b(?:" + "|".join(re.escape(f) for f in sorted(LEGAL_FORMS, key=len, reverse=True)) + r")\b"
)
_PUNCT = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_NUMBERS = re.compile(r"\d+")


@dataclass(frozen=True)
class CompanyRecord:
    """An organisation as registered: id, name, country code and optional address."""

    id: str
    name: str
    country: str | None
    address: str = ""


@dataclass(frozen=True)
class DuplicatePair:
    """Two records that may be the same company; ``band`` is "same", "review" or "different"."""

    a_id: str
    b_id: str
    score: float
    band: str


def _clean(text: str) -> str:
    return _SPACES.sub(" ", _PUNCT.sub(" ", strip_accents(text or ""))).strip()


@lru_cache(maxsize=1 << 16)  # an import compares each registered name many times
def normalise_company_name(name: str) -> str:
    """Accent-free lowercase name without punctuation or legal forms.

    >>> normalise_company_name("Constructora Andina S.A. de C.V.")
    'constructora andina'
    """
    cleaned = _clean(name)
    stripped = _SPACES.sub(" ", _FORMS.sub(" ", cleaned)).strip()
    return stripped or cleaned


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    # Letters spaced out by data entry ("m e r c u r y") compare well without spaces.
    joined = fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""))
    # token_set alone rates "yesim tekstil" equal to a longer name containing it.
    blended = (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2
    return max(blended, joined) / 100.0


def score_pair(a: CompanyRecord, b: CompanyRecord, name_weight: float = 0.6) -> float:
    """Similarity in [0, 1] of two records from their names and, when both have one, addresses.

    Names differing in a number ("branch 1" / "branch 2") are penalised.
    """
    name_a, name_b = normalise_company_name(a.name), normalise_company_name(b.name)
    score = _similarity(name_a, name_b)
    if _NUMBERS.findall(name_a) != _NUMBERS.findall(name_b):
        score *= 0.85
    addr_a, addr_b = _clean(a.address), _clean(b.address)
    if addr_a and addr_b:
        score = name_weight * score + (1 - name_weight) * _similarity(addr_a, addr_b)
    return round(score, 4)


def band_for(score: float, same: float = 0.85, review: float = 0.7) -> str:
    """Band of a pair score."""
    return "same" if score >= same else "review" if score >= review else "different"


def find_duplicates(records, same=0.85, review=0.7, block_by_country=True, prefilter=60.0):
    """Candidate duplicate pairs among ``records`` (CompanyRecord), best first.

    Parameters
    ----------
    records : iterable of CompanyRecord
    same, review : float
        Score floors of the "same" and "review" bands; pairs below ``review`` are left out.
    block_by_country : bool
        Compare only records of the same country (records without one form their own block).
    prefilter : float
        Names are first compared in bulk (rapidfuzz ``cdist``); only pairs whose name score
        reaches this value (0-100) are scored in full.
    """
    records = list(records)
    blocks = {}
    for rec in records:
        key = (rec.country or "").strip().lower() if block_by_country else ""
        blocks.setdefault(key, []).append(rec)
    pairs = []
    for members in blocks.values():
        if len(members) < 2:
            continue
        names = [normalise_company_name(r.name) for r in members]
        joined = [n.replace(" ", "") for n in names]
        coarse = np.maximum(
            process.cdist(names, names, scorer=fuzz.token_set_ratio),
            process.cdist(joined, joined, scorer=fuzz.ratio),
        )
        for i, j in zip(*np.nonzero(np.triu(coarse >= prefilter, k=1))):
            score = score_pair(members[i], members[j])
            if score >= review:
                a, b = sorted((members[i].id, members[j].id))
                pairs.append(DuplicatePair(a, b, score, band_for(score, same, review)))
    return sorted(pairs, key=lambda p: (-p.score, p.a_id, p.b_id))
