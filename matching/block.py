"""Turn a list of supplier profiles into the arrays the engine scores with.

A block is immutable: the engine keeps one large block built by ``fit`` and a small one for
profiles changed since, and compacts them when the small one grows.
"""

from __future__ import annotations

import math
import re
from datetime import date

import numpy as np

from .index import PrefixIndex

SEP = "\x00"
NO_EXPIRY = float(date.max.toordinal())
_CODE_JUNK = re.compile(r"[^0-9A-Z]")


def normalise_code(code: str) -> str:
    """Upper-case letters and digits only ("32121701-003" -> "32121701003")."""
    return _CODE_JUNK.sub("", str(code).upper())


def normalise_region(region: str) -> str:
    """Region codes compare upper-case and trimmed ("cl-an " -> "CL-AN")."""
    return str(region).strip().upper()


def region_country(region: str) -> str | None:
    """Country part of an ISO 3166-2 code ("CL-AN" -> "CL"), or None for other names."""
    head, sep, _ = region.partition("-")
    return head if sep and len(head) == 2 and head.isalpha() else None


def served_regions(profile) -> set[str]:
    """Regions a supplier serves: its declared ones, else its home region."""
    declared = profile.regions or ((profile.region,) if profile.region else ())
    return {normalise_region(r) for r in declared if r}


def home_country(profile) -> str | None:
    """The supplier's country code, from ``country`` or its ISO 3166-2 ``region``."""
    if profile.country:
        return normalise_region(profile.country)
    return region_country(normalise_region(profile.region)) if profile.region else None


class SupplierBlock:
    """Scoring arrays for a fixed list of profiles.

    Parameters
    ----------
    profiles : list of SupplierProfile
    key_for : callable
        Maps a certification's ``standard`` text to a catalogue key.
    vectorizer : TextVectorizer
        Fitted text vectoriser.
    reference_date : date
        Day from which award recency decays.
    half_life_days : float
        Half-life of an award's recency weight.
    """

    def __init__(self, profiles, key_for, vectorizer, reference_date, half_life_days):
        self.ids = [p.id for p in profiles]
        self.n = len(profiles)
        ref = reference_date.toordinal()
        decay = math.log(2) / half_life_days
        code_rows, code_toks = [], []
        award_rows, award_toks, award_recency = [], [], []
        buyer_rows, buyer_toks, buyer_recency = [], [], []
        place_rows, place_toks = [], []
        served_rows, served_toks = [], []
        cert_rows, cert_toks, cert_exp = [], [], []
        capacity = np.full(self.n, np.nan)
        stage = np.zeros(self.n, dtype=np.float32)
        totals = np.zeros(self.n, dtype=np.float32)
        for row, p in enumerate(profiles):
            codes = {normalise_code(c) for c in p.codes}
            for award in p.awards:
                code = normalise_code(award.code)
                codes.add(code)
                award_rows.append(row)
                award_toks.append(code)
                age = max(0, ref - award.date.toordinal()) if award.date else 3 * half_life_days
                recency = math.exp(-decay * age)
                award_recency.append(recency)
                if award.buyer_id:
                    buyer_rows.append(row)
                    buyer_toks.append(f"{award.buyer_id}{SEP}{code}")
                    buyer_recency.append(recency)
            codes.discard("")
            code_rows.extend([row] * len(codes))
            code_toks.extend(codes)
            totals[row] = len(p.awards)
            for region in served_regions(p):
                served_rows.append(row)
                served_toks.append(region)
            if p.region:
                place_rows.append(row)
                place_toks.append("r" + SEP + normalise_region(p.region))
            country = home_country(p)
            if country:
                place_rows.append(row)
                place_toks.append("c" + SEP + country)
            for claim in p.certifications:
                if claim.status not in ("verified", "self_declared"):
                    continue
                prefix = "v" if claim.status == "verified" else "s"
                cert_rows.append(row)
                cert_toks.append(prefix + SEP + key_for(claim.standard))
                cert_exp.append(claim.expires.toordinal() if claim.expires else NO_EXPIRY)
            if p.capacity is not None:
                capacity[row] = p.capacity
            if p.programme_stage:
                stage[row] = p.programme_stage
        self.codes = PrefixIndex(code_rows, code_toks, reduce="max")
        counts = np.ones(len(award_rows))
        self.awards = PrefixIndex(award_rows, award_toks, [counts, award_recency])
        self.buyer_awards = PrefixIndex(buyer_rows, buyer_toks,
                                        [np.ones(len(buyer_rows)), buyer_recency])
        self.places = PrefixIndex(place_rows, place_toks, reduce="max")
        self.served = PrefixIndex(served_rows, served_toks, reduce="max")
        self.certs = PrefixIndex(cert_rows, cert_toks, [cert_exp], reduce="max")
        self.capacity = capacity
        self.stage = stage
        self.award_totals = totals
        logs = np.log1p(totals)
        self.award_totals_squashed = (logs / (logs + 1.0)).astype(np.float32)
        self.text = vectorizer.transform([p.text or "" for p in profiles]).tocsc()
        self.alive = np.ones(self.n, dtype=bool)

    @property
    def nbytes(self) -> int:
        """Approximate memory held by the block's arrays."""
        indexes = (self.codes, self.awards, self.buyer_awards, self.places, self.served, self.certs)
        text = self.text.data.nbytes + self.text.indices.nbytes + self.text.indptr.nbytes
        arrays = self.capacity.nbytes + self.stage.nbytes + self.award_totals.nbytes
        return sum(i.nbytes for i in indexes) + text + arrays
