"""Turn a list of supplier profiles into the arrays the engine scores with.

A block is immutable: the engine keeps one large block built by ``fit`` and a small one for
profiles changed since, and compacts them when the small one grows.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import numpy as np

from . import units
from .frame import squash_values
from .index import Labels, PrefixIndex, joined
from .text import is_joint_venture

SEP = "\x00"
NO_EXPIRY = float(date.max.toordinal())
_CODE_JUNK = re.compile(r"[^0-9A-Z]")
_SITE_DROP = re.compile(r"['’.]")
_SITE_SPACE = re.compile(r"[^0-9A-Z]+")


def normalise_code(code: str) -> str:
    """Upper-case letters and digits only ("32121701-003" -> "32121701003")."""
    return _CODE_JUNK.sub("", str(code).upper())


#: The value columns of the award indexes: a plain count, and weights decaying with the
#: engine's half-life, four times it and a third of it.
COUNT, RECENT, LASTING, HOT = 0, 1, 2, 3

#: Code levels compared, from the requirement's own code to its 2-character segment.
LEVELS = ("code", "parent", "family", "segment")


def code_levels(code: str) -> tuple[str, str, str, str]:
    """The prefixes of ``code`` compared at each of ``LEVELS`` (scheme-agnostic: by length)."""
    n = len(code)
    low = min(2, n)
    return code, code[: max(low, n - 1)], code[: max(low, -(-n // 2))], code[:low]


def code_stem(code: str) -> str:
    """The prefix every descendant of ``code`` starts with: a UNSPSC-shaped code (8 digits)
    without its padding zero pairs ("24101700" -> "241017", "46000000" -> "46"); other
    schemes' codes as they are (their descendants extend them)."""
    if len(code) == 8 and code.isdigit():
        while len(code) > 2 and code.endswith("00"):
            code = code[:-2]
    return code


def code_family(code: str) -> str:
    """The prefix of ``code``'s family (the ``family`` of ``LEVELS``: half its length)."""
    return code_levels(code)[2]


def normalise_region(region: str) -> str:
    """Region codes compare upper-case and trimmed ("cl-an " -> "CL-AN")."""
    return str(region).strip().upper()


def normalise_site(site: str) -> str:
    """Town and site names compare without case, accents or punctuation
    ("Saint-John's " -> "SAINT JOHNS", "Montréal" -> "MONTREAL")."""
    text = unicodedata.normalize("NFKD", str(site))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    return _SITE_SPACE.sub(" ", _SITE_DROP.sub("", text)).strip()


def normalise_method(method: str | None) -> str | None:
    """Procurement procedures compare as town names do (``normalise_site``); None or blank
    stays None."""
    return (normalise_site(method) or None) if method else None


def region_country(region: str) -> str | None:
    """Country part of an ISO 3166-2 code ("CL-AN" -> "CL"), or None for other names."""
    head, sep, _ = region.partition("-")
    return head if sep and len(head) == 2 and head.isalpha() else None


def served_regions(profile) -> set[str]:
    """Regions a supplier serves: exactly the ones it declares.

    The home ``region`` is not assumed: if it were served only while nothing is declared,
    declaring a first region elsewhere would withdraw it and a supplier could lose a
    qualification by extending its regions.
    """
    return {normalise_region(r) for r in profile.regions if r and str(r).strip()}


def home_country(profile) -> str | None:
    """The supplier's country code, from ``country`` or its ISO 3166-2 ``region``."""
    if profile.country:
        return normalise_region(profile.country)
    return region_country(normalise_region(profile.region)) if profile.region else None


class RowSets:
    """Small sets of integer tokens per row (served regions, certificates), row-wise.

    ``members(rows, tokens)`` tells, for each of ``rows``, whether it holds one of ``tokens``
    (with a value at least ``least``), touching only those rows' entries.
    """

    def __init__(self, counts, tokens, values=None):
        self.indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.tokens = np.asarray(tokens, dtype=np.int32)
        self.values = None if values is None else np.asarray(values, dtype=np.float64)
        # the same entries column-wise, for large row sets
        n = len(self.indptr) - 1
        self.by_token = np.argsort(self.tokens, kind="stable").astype(np.int64)
        owners = np.repeat(np.arange(n, dtype=np.int32), np.diff(self.indptr))
        self.token_rows = owners[self.by_token]
        size = int(self.tokens.max()) + 1 if len(self.tokens) else 0
        self.token_ptr = np.searchsorted(self.tokens[self.by_token], np.arange(size + 1))

    @property
    def nbytes(self) -> int:
        extra = 0 if self.values is None else self.values.nbytes
        return (self.indptr.nbytes + self.tokens.nbytes + extra + self.by_token.nbytes
                + self.token_rows.nbytes + self.token_ptr.nbytes)

    def members(self, rows, tokens, least=None):
        """Boolean per row of ``rows`` (None = every row)."""
        n = len(self.indptr) - 1
        if rows is None or len(rows) * 8 > n:
            held = np.zeros(n, dtype=bool)
            for token in tokens:
                if token >= len(self.token_ptr) - 1:
                    continue
                entries = self.by_token[self.token_ptr[token]:self.token_ptr[token + 1]]
                owners = self.token_rows[self.token_ptr[token]:self.token_ptr[token + 1]]
                if least is not None:
                    owners = owners[self.values[entries] >= least]
                held[owners] = True
            return held if rows is None else held[rows]
        else:
            starts = self.indptr[rows]
            counts = self.indptr[np.asarray(rows) + 1] - starts
            m = len(rows)
            total = int(counts.sum())
            if not total:
                return np.zeros(m, dtype=bool)
            owner = np.repeat(np.arange(m), counts)
            ends = np.cumsum(counts)
            entries = np.repeat(starts - (ends - counts), counts) + np.arange(total)
        hit = np.isin(self.tokens[entries], np.asarray(list(tokens), dtype=np.int32))
        if least is not None:
            hit &= self.values[entries] >= least
        out = np.zeros(m, dtype=bool)
        out[owner[hit]] = True
        return out


class SupplierBlock:
    """Scoring arrays for a fixed list of profiles.

    Built from flat lists over all profiles at once (no per-profile token lists), then
    numpy; the text matrix is kept column-wise (term -> suppliers) for query-time lookups.

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
        Half-life of an award's short-term recency weight; the long-term one is four times it.
    text : sparse matrix, optional
        ``vectorizer.transform`` of the profiles' texts, when already computed (best given
        column-wise, ``tocsc()``, with no other reference kept: it becomes the block's).
    """

    def __init__(self, profiles, key_for, vectorizer, reference_date, half_life_days,
                 text=None):
        n = self.n = len(profiles)
        self.ids = [p.id for p in profiles]
        ref = reference_date.toordinal()
        code_cache = {}

        def norm(code):
            out = code_cache.get(code)
            if out is None:
                out = code_cache[code] = normalise_code(code)
            return out

        # text first, while little else is held: the row-wise matrix is turned column-wise
        if text is None:
            text = vectorizer.transform([p.text or "" for p in profiles])
        self.text = text.tocsc(copy=False)
        del text
        arange = np.arange(n, dtype=np.int64)
        # awards: each attribute as integer labels, one Python object per distinct value ----
        award_lists = [p.awards for p in profiles]
        n_awards = np.fromiter(map(len, award_lists), dtype=np.int64, count=n)
        awards = [a for lst in award_lists for a in lst]
        del award_lists
        count = len(awards)
        award_rows = np.repeat(arange, n_awards)
        codes = Labels.of((norm(a.code) for a in awards), count)
        days = np.fromiter((a.date.toordinal() if a.date else -1 for a in awards),
                           dtype=np.float64, count=count)
        age = np.where(days >= 0, np.maximum(0.0, ref - days), 3.0 * half_life_days)
        recency = [np.exp(-np.log(2) / (half_life_days * f) * age) for f in (1.0, 4.0, 1.0 / 3.0)]
        del days, age
        coded = codes.filled()
        counted = np.ones(count)

        def keyed(selected, *columns, values=(counted,), **options):
            """Index of the awards ``selected``, each under its ``columns`` joined by SEP."""
            at = np.flatnonzero(selected)
            return PrefixIndex(award_rows[at], joined(SEP, *(c.take(at) for c in columns)),
                               [v[at] for v in values], **options)

        self.awards = keyed(coded, codes, values=(counted, *recency), levelled=True)
        buyers = Labels.of((a.buyer_id or "" for a in awards), count)
        with_buyer = coded & buyers.filled()
        self.buyer_awards = keyed(with_buyer, buyers, codes, values=(counted, *recency))
        # where the award was delivered (the buyer's office): region x code, buyer x region x code
        places = Labels.of((normalise_region(a.region) if a.region else "" for a in awards),
                           count)
        placed = coded & places.filled()
        self.place_awards = keyed(placed, places, codes)
        self.office_awards = keyed(placed & with_buyer, buyers, places, codes,
                                   values=(counted, recency[0]))
        # the buyer's site (town or city): buyer x site x code, and site x code for any buyer
        sites = Labels.of((normalise_site(a.site) if a.site else "" for a in awards), count)
        sited = coded & sites.filled()
        self.town_awards = keyed(sited, sites, codes)
        self.site_awards = keyed(sited & with_buyer, buyers, sites, codes,
                                 values=(counted, recency[0]))
        # the procurement procedure: procedure x code
        methods = Labels.of((normalise_method(a.method) or "" for a in awards), count)
        self.method_awards = keyed(coded & methods.filled(), methods, codes)
        # the texts of past awards, one vector each (column-wise), and the row winning each
        worded = np.fromiter((i for i, a in enumerate(awards) if a.text), dtype=np.int64)
        self.award_text = vectorizer.transform([awards[i].text for i in worded]).tocsc()
        self.award_text_rows = award_rows[worded].astype(np.int32)
        # and each worded award's long-term recency weight, for ``recent_award_text``
        self.award_text_lasting = recency[1][worded].astype(np.float32)
        del awards, buyers, places, sites, methods, worded
        totals = np.bincount(award_rows, minlength=n).astype(np.float64)
        momentum = np.bincount(award_rows, weights=recency[0], minlength=n)
        self.award_totals = totals.astype(np.float32)
        self.award_totals_squashed = squash_values(totals)
        self.momentum = squash_values(momentum)
        del recency, counted
        # codes: declared and won ---------------------------------------------------------
        n_codes = np.fromiter((len(p.codes) for p in profiles), dtype=np.int64, count=n)
        declared = Labels.of((norm(c) for p in profiles for c in p.codes), int(n_codes.sum()))
        both = Labels.concat(declared, codes)
        del declared
        code_rows = np.concatenate([np.repeat(arange.astype(np.int32), n_codes),
                                    award_rows.astype(np.int32)])
        keep = both.filled()
        if not keep.all():
            both, code_rows = both.take(keep), code_rows[keep]
        del keep
        self.codes = PrefixIndex(code_rows, both, values=None, reduce="max")
        del both, code_rows
        # the cut award levels that a requirement for any code held here reads: built now
        # rather than by the first requirement
        for length in {len(t) for t in self.codes.tokens}:
            for prefix in code_levels("0" * length):
                self.awards.at_length(len(prefix))
        # home place, served regions and certificates: per-row arrays ----------------------
        self.place_ids = {}
        self.home_region = np.fromiter(
            (self._place_id(normalise_region(p.region)) if p.region else -1 for p in profiles),
            dtype=np.int32, count=n)
        self.home_country = np.fromiter(
            (self._place_id(c) if (c := home_country(p)) else -1 for p in profiles),
            dtype=np.int32, count=n)
        self.site_ids = {}
        self.home_site = np.fromiter(
            (self.site_ids.setdefault(site, len(self.site_ids))
             if p.locality and (site := normalise_site(p.locality)) else -1 for p in profiles),
            dtype=np.int32, count=n)
        served_of = {}  # declared region lists repeat: place ids computed once per list

        def served_ids(p):
            key = tuple(p.regions)
            out = served_of.get(key)
            if out is None:
                out = served_of[key] = [self._place_id(r) for r in served_regions(p)]
            return out

        served = [served_ids(p) for p in profiles]
        self.served = RowSets(np.fromiter(map(len, served), dtype=np.int64, count=n),
                              [r for s in served for r in s])
        del served
        claims = [(row, c) for row, p in enumerate(profiles) for c in p.certifications
                  if c.status in ("verified", "self_declared")]
        self.cert_ids = {}
        per_row = np.bincount(np.fromiter((row for row, _ in claims), dtype=np.int64,
                                          count=len(claims)), minlength=n)
        self.certs = RowSets(per_row, [
            self.cert_ids.setdefault(("v" if c.status == "verified" else "s") + SEP
                                     + key_for(c.standard), len(self.cert_ids))
            for _, c in claims],
            [c.expires.toordinal() if c.expires else NO_EXPIRY for _, c in claims])
        del claims
        # scalars -------------------------------------------------------------------------
        # capacity in the base unit of its dimension, and the dimension's id per row
        self.dimension_ids = {}
        unit_of = {}  # unit as given -> (dimension id, factor to its base), worked out once

        def unit(given):
            hit = unit_of.get(given)
            if hit is None:
                dim = self.dimension_ids.setdefault(units.dimension(given),
                                                    len(self.dimension_ids))
                hit = unit_of[given] = (dim, units.to_base(1.0, given))
            return hit

        self.capacity_dimension = np.fromiter(
            (-1 if p.capacity is None else unit(p.capacity_unit)[0] for p in profiles),
            dtype=np.int16, count=n)
        self.capacity = np.fromiter(
            (np.nan if p.capacity is None else p.capacity * unit(p.capacity_unit)[1]
             for p in profiles), dtype=np.float64, count=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            log2 = np.log2(self.capacity).astype(np.float32)
        # no capacity (nan) or none at all (-inf): no headroom whatever the minimum
        self.log2_capacity = np.where(np.isnan(log2), -np.inf, log2).astype(np.float32)
        self.stage = np.fromiter((p.programme_stage or 0 for p in profiles),
                                 dtype=np.float32, count=n)
        self.text_max = np.zeros(self.text.shape[1], dtype=np.float32)
        filled = np.flatnonzero(np.diff(self.text.indptr) > 0)
        if len(filled):
            self.text_max[filled] = np.maximum.reduceat(self.text.data,
                                                        self.text.indptr[filled])
        self.alive = np.ones(n, dtype=bool)
        # ``programme_stage`` feature of every row (as ``scoring`` defines it: stage / 7 in
        # [0, 1]), and weighted sums of the features no requirement changes, per weighting
        # (see ``scoring.static_score``).
        self.stage_share = np.clip(self.stage / 7.0, 0, 1)
        # ``standing_firm``: 0 for a consortium or joint venture (named so), 1 otherwise
        self.standing = np.fromiter((0.0 if is_joint_venture(p.name) else 1.0
                                     for p in profiles), dtype=np.float32, count=n)
        self.static_scores = {}
        # Upper bounds of the features every supplier has (see ``scoring.outside_bound``).
        self.max_totals = float(self.award_totals_squashed.max()) if n else 0.0
        self.max_momentum = float(self.momentum.max()) if n else 0.0
        self.max_stage = float(np.clip(self.stage.max() / 7.0, 0, 1)) if n else 0.0

    def _place_id(self, name):
        return self.place_ids.setdefault(name, len(self.place_ids))

    @property
    def nbytes(self) -> int:
        """Approximate memory held by the block's arrays."""
        indexes = (self.codes, self.awards, self.buyer_awards, self.place_awards,
                   self.office_awards, self.town_awards, self.site_awards, self.method_awards,
                   self.served,
                   self.certs)
        text = sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes
                   for m in (self.text, self.award_text)) + self.award_text_rows.nbytes
        text += self.award_text_lasting.nbytes
        arrays = sum(a.nbytes for a in (self.home_region, self.home_country, self.capacity, self.log2_capacity, self.stage, self.award_totals,
                                        self.award_totals_squashed, self.momentum, self.alive,
                                        self.stage_share, self.standing))
        arrays += self.home_site.nbytes + self.capacity_dimension.nbytes
        return sum(i.nbytes for i in indexes) + text + arrays
