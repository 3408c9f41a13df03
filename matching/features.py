"""How a supplier's score is made, read top to bottom.

1. The requirement is prepared once (``prepared.Prepared``): codes normalised, standards
   resolved through the catalogue, text vectorised, capacity in its unit's base.
2. ``constraints.failures`` says which must-haves each supplier fails (category at the depth
   asked, must-have standards, regions, capacity). None failed: *qualified*; a few, each
   closable, and something relevant to the category offered: a *near miss*; otherwise neither.
3. Every feature in ``FEATURE_TABLE`` below is computed for the suppliers being scored
   (``compute_features``): a number in [0, 1] that never decreases when the supplier gains a
   code, an award, a certificate, capacity or a programme stage (the ``direction`` column).
4. The score is the weighted sum of the features (``scoring.weighted_score``; weights learned
   from outcomes, ``learning``, or ``scoring.DEFAULT_FEATURE_WEIGHTS``), so with non-negative
   weights it is monotone too; a criterion's contribution is the weighted sum of its features.

Counts are squashed (``frame.squash``: log1p(x) / (log1p(x) + 1)) so large suppliers stay
ordered; ``share_*`` features are a supplier's share of all awards in the same context.
Award features read the award indexes (``block.SupplierBlock``) by the requirement's code at
four ``LEVELS`` (the code, its parent, family and segment) and by one of the named value
columns (``block.COUNT``, ``RECENT``, ``LASTING``, ``HOT``: plain counts, and weights decaying
with the engine's half-life, four times it, and a third of it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .block import (
    COUNT,
    HOT,
    LASTING,
    LEVELS,
    RECENT,
    SEP,
    code_levels,
    normalise_region,
    region_country,
)
from .frame import Sparse, squash
from .history import backoff_counts, site_features
from .lookups import (
    award_text,
    award_text_mass,
    code_match,
    recent_award_text,
    related_code,
    text_similarity,
    valid_claims,
)
from .prepared import Prepared


@dataclass(frozen=True)
class Feature:
    name: str
    criterion: str
    how: str
    #: every feature rises (or stays) as the supplier gains codes, awards, certificates…
    direction: str = "non-decreasing"


def _levelled(template: str, criterion: str, how: str) -> list[Feature]:
    return [Feature(template.format(level=level), criterion, how.format(level=level))
            for level in LEVELS]


_AT = "at the requirement code's {level} level"

#: Every feature: its name, the criterion it counts for, how it is computed, its direction.
FEATURE_TABLE: tuple[Feature, ...] = (
    Feature("code_match", "category", "longest prefix shared with a requested code (at least "
            "2 characters) over the code's length, averaged over the requested codes"),
    Feature("code_exact", "category", "share of the requested codes held exactly"),
    Feature("related_code", "category", "highest similarity of a held code linked to each "
            "requested code (``links``), averaged"),
    Feature("text_similarity", "text", "cosine of the requirement's text and the supplier's "
            "text (description, category titles, award texts), stem TF-IDF"),
    Feature("award_text", "text", "highest cosine of the requirement's text and the text of "
            "one past award"),
    Feature("award_text_strong", "text", "square of award_text: only close matches count much"),
    Feature("recent_award_text", "text", "highest cosine of the requirement's text and the "
            "text of one past award, times the award's slowly decaying recency weight"),
    Feature("award_text_mass", "text", "squashed sum of the cosines of the requirement's text "
            "and the texts of all past awards"),
    Feature("preferred_covered", "preferred_standards", "share of preferred standards held "
            "valid on the need date (verified 1, self-declared 0.5)"),
    Feature("capacity_headroom", "capacity", "log2(capacity / minimum) / 2 in [0, 1], in the "
            "requirement's dimension only (0 in another)"),
    Feature("same_location", "proximity", "1 based in a delivery region, 0.5 in its country"),
    Feature("local_code", "proximity", "awards_code when based in a delivery region"),
    Feature("local_family", "proximity", "awards_family when based in a delivery region"),
    Feature("near_site", "proximity", "based in the town of the buyer's site"),
    Feature("near_site_code", "proximity", "awards_code when based at the buyer's site"),
    Feature("near_site_family", "proximity", "awards_family when based at the buyer's site"),
    *[f for level in LEVELS for f in (
        Feature(f"awards_{level}", "track_record", f"squashed award count {_AT}".format(
            level=level)),
        Feature(f"recent_{level}", "track_record", f"squashed recency-weighted awards {_AT}"
                .format(level=level)),
        Feature(f"share_{level}", "track_record", f"share of all awards {_AT}".format(
            level=level)),
        Feature(f"buyer_{level}", "track_record", f"squashed awards from this buyer {_AT}"
                .format(level=level)),
        Feature(f"share_buyer_{level}", "track_record", f"share of this buyer's awards {_AT}"
                .format(level=level)),
        Feature(f"place_{level}", "track_record", f"squashed awards delivered in a delivery "
                f"region {_AT}".format(level=level)),
        Feature(f"office_{level}", "track_record", f"squashed awards from this buyer in a "
                f"delivery region {_AT}".format(level=level)),
        Feature(f"share_office_{level}", "track_record", f"share of this buyer's awards in a "
                f"delivery region {_AT}".format(level=level)),
        Feature(f"site_{level}", "track_record", f"squashed awards from this buyer at its "
                f"site {_AT}".format(level=level)),
        Feature(f"share_site_{level}", "track_record", f"share of this buyer's awards at its "
                f"site {_AT}".format(level=level)),
        Feature(f"site_recent_{level}", "track_record", f"recency-weighted awards from this "
                f"buyer at its site {_AT}".format(level=level)),
        Feature(f"town_{level}", "track_record", f"squashed awards from any buyer in the "
                f"site's town {_AT}".format(level=level)),
    )],
    Feature("method_segment", "track_record", "squashed awards under the requirement's "
            "procurement procedure (open tender, minor value, direct…) in the code's segment"),
    Feature("lasting_code", "track_record", "squashed awards in the code, slow decay"),
    Feature("buyer_recent_code", "track_record", "recency-weighted awards from this buyer in "
            "the code"),
    Feature("buyer_awards", "track_record", "squashed awards from this buyer, any code"),
    Feature("buyer_recent", "track_record", "recency-weighted awards from this buyer"),
    Feature("share_buyer", "track_record", "share of this buyer's awards"),
    Feature("place_awards", "track_record", "squashed awards delivered in a delivery region, "
            "any code"),
    Feature("office_awards", "track_record", "squashed awards from this buyer in a delivery "
            "region"),
    Feature("share_office", "track_record", "share of this buyer's awards in a delivery region"),
    Feature("office_recent", "track_record", "recency-weighted awards from this buyer in a "
            "delivery region"),
    Feature("office_recent_code", "track_record", "the same, in the code"),
    Feature("office_recent_family", "track_record", "the same, in the code's family"),
    Feature("hot_code", "track_record", "awards in the code, fast decay"),
    Feature("hot_family", "track_record", "awards in the family, fast decay"),
    Feature("buyer_hot", "track_record", "awards from this buyer, fast decay"),
    Feature("site_awards", "track_record", "squashed awards from this buyer at its site"),
    Feature("share_site", "track_record", "share of this buyer's awards at its site"),
    Feature("site_recent", "track_record", "recency-weighted awards from this buyer at its site"),
    Feature("backoff", "track_record", "log-lift of the chance of winning, estimated from the "
            "code segment down to the buyer's site, each context backing off to the broader"),
    Feature("awards_total", "track_record", "squashed count of all awards"),
    Feature("momentum", "track_record", "squashed recency-weighted count of all awards"),
    Feature("standing_firm", "track_record", "1 unless the supplier's name makes it a "
            "consortium, temporary union or joint venture (``text.is_joint_venture``): one "
            "formed for a single bid seldom wins again"),
    Feature("programme_stage", "programme_stage", "rung on the development ladder / 7"),
)

#: Feature name -> criterion it belongs to.
FEATURES = {f.name: f.criterion for f in FEATURE_TABLE}


@dataclass
class _Work:
    """What the feature groups of one frame share while computing."""

    frame: object
    prep: Prepared
    want: dict
    out: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    counted: dict = field(default_factory=dict)  # award counts per level, for local_*

    def __post_init__(self):
        prep = self.prep
        self.block, self.m = self.frame.block, self.frame.m
        self.levels = list(zip(*[code_levels(c) for c in prep.codes])) or [(), (), (), ()]
        self.buyer = (prep.buyer_id or "") + SEP
        self.offices = [normalise_region(loc) + SEP for loc in prep.locations]

    def wants(self, *names) -> bool:
        return any(n in self.want for n in names)

    def counts(self, name, share, index, keys, column=COUNT):
        """A squashed count feature and its share feature from the same sums."""
        counts, total = self.frame.accumulate(index, keys, column)
        self.out[name] = squash(counts)
        if share:
            self.out[share] = counts
            self.totals[share] = total
        return counts

    def squashed(self, name, index, keys, column):
        self.out[name] = squash(self.frame.accumulate(index, keys, column)[0])


def _category(w: _Work):
    prep, frame, block = w.prep, w.frame, w.block
    if w.wants("code_match", "code_exact"):
        w.out["code_match"] = code_match(frame, prep)
        # few suppliers hold the very code: a sparse feature
        index = block.codes
        held = [frame.locate(index.entry_rows(index.exact(code)))[0] for code in prep.codes]
        held, count = np.unique(np.concatenate(held) if held else np.zeros(0, np.int64),
                                return_counts=True)
        w.out["code_exact"] = Sparse(held, (count / max(1, len(prep.codes))).astype(np.float32),
                                     w.m)
    if w.wants("related_code"):
        w.out["related_code"] = related_code(frame, prep)


def _by_level(w: _Work):
    """Awards in the code at each level: overall, from this buyer."""
    block = w.block
    for level, prefixes in zip(LEVELS, w.levels):
        prefixes = set(prefixes)
        if w.wants(f"awards_{level}", f"recent_{level}", f"share_{level}", f"lasting_{level}",
                   f"local_{level}"):
            w.counted[level] = w.counts(f"awards_{level}", f"share_{level}", block.awards,
                                        prefixes)
            if w.wants(f"recent_{level}"):
                w.squashed(f"recent_{level}", block.awards, prefixes, RECENT)
            if w.wants(f"lasting_{level}"):
                w.squashed(f"lasting_{level}", block.awards, prefixes, LASTING)
        if w.prep.buyer_id and w.wants(f"buyer_{level}", f"share_buyer_{level}",
                                       f"buyer_recent_{level}"):
            mine = {w.buyer + p for p in prefixes}
            w.counts(f"buyer_{level}", f"share_buyer_{level}", block.buyer_awards, mine)
            if w.wants(f"buyer_recent_{level}"):
                w.squashed(f"buyer_recent_{level}", block.buyer_awards, mine, RECENT)


def _by_place(w: _Work):
    """Awards delivered in the delivery regions (from any buyer, from this one), and the
    fast-decaying awards per level."""
    block, offices, buyer = w.block, w.offices, w.buyer
    mine = bool(w.prep.buyer_id and offices)
    for level, prefixes in zip(LEVELS, w.levels):
        prefixes = set(prefixes)
        if w.wants(f"place_{level}") and offices:
            w.out[f"place_{level}"] = squash(w.frame.accumulate(
                block.place_awards, {o + p for o in offices for p in prefixes})[0])
        keys = {buyer + o + p for o in offices for p in prefixes}
        if mine and w.wants(f"office_{level}", f"share_office_{level}"):
            w.counts(f"office_{level}", f"share_office_{level}", block.office_awards, keys)
        if mine and w.wants(f"office_recent_{level}"):
            w.squashed(f"office_recent_{level}", block.office_awards, keys, RECENT)
        if w.wants(f"hot_{level}"):
            w.squashed(f"hot_{level}", block.awards, prefixes, HOT)
    if offices and w.wants("place_awards"):
        w.squashed("place_awards", block.place_awards, set(offices), COUNT)
    if mine and w.wants("office_awards", "share_office", "office_recent"):
        keys = {buyer + o for o in offices}
        w.counts("office_awards", "share_office", block.office_awards, keys)
        w.squashed("office_recent", block.office_awards, keys, RECENT)


def _site_and_backoff(w: _Work):
    site_features(w.frame, w.prep, w.levels, w.want, w.out, w.totals, w.counted)
    if w.wants("backoff") and w.prep.codes:
        w.out["backoff"], w.totals["backoff"] = backoff_counts(w.frame, w.prep, w.levels)


def _buyer(w: _Work):
    """Awards from this buyer in any code."""
    if not w.prep.buyer_id:
        return
    block, keys = w.block, (w.buyer,)
    if w.wants("buyer_hot"):
        w.squashed("buyer_hot", block.buyer_awards, keys, HOT)
    if w.wants("buyer_awards", "buyer_recent", "share_buyer"):
        w.counts("buyer_awards", "share_buyer", block.buyer_awards, keys)
        w.squashed("buyer_recent", block.buyer_awards, keys, RECENT)


def _method(w: _Work):
    """Awards under the requirement's procurement procedure: suppliers keep to the
    procedures (and so the sizes of contract) they know."""
    if w.prep.method and w.wants("method_segment"):
        keys = {w.prep.method + SEP + p for p in w.levels[LEVELS.index("segment")]}
        w.squashed("method_segment", w.block.method_awards, keys, COUNT)


def _static(w: _Work):
    block, frame = w.block, w.frame
    if w.wants("awards_total"):
        w.out["awards_total"] = frame.take(block.award_totals_squashed)
    if w.wants("momentum"):
        w.out["momentum"] = frame.take(block.momentum)
    if w.wants("programme_stage"):
        w.out["programme_stage"] = frame.take(block.stage_share)
    if w.wants("standing_firm"):
        w.out["standing_firm"] = frame.take(block.standing)


def _text(w: _Work):
    if w.wants("text_similarity"):
        w.out["text_similarity"] = text_similarity(w.frame, w.prep)
    if w.wants("award_text", "award_text_strong"):
        w.out["award_text"] = award_text(w.frame, w.prep)
        w.out["award_text_strong"] = np.square(w.out["award_text"])
    if w.wants("recent_award_text"):
        w.out["recent_award_text"] = recent_award_text(w.frame, w.prep)
    if w.wants("award_text_mass"):
        w.out["award_text_mass"] = award_text_mass(w.frame, w.prep)


def _preferred(w: _Work):
    if not w.wants("preferred_covered"):
        return
    covered = np.zeros(w.m, dtype=np.float32)
    # a verified claim counts 1, a self-declared one 0.5: looked up by (verified, declared)
    credit = np.array([0.0, 0.5, 1.0, 1.0], dtype=np.float32)
    ref = w.prep.ref_ordinal
    for _, keys in w.prep.preferred:
        verified = valid_claims(w.frame, "v", keys, ref).view(np.uint8)
        declared = valid_claims(w.frame, "s", keys, ref).view(np.uint8)
        covered += credit[(verified << 1) | declared]
    w.out["preferred_covered"] = covered / max(1, len(w.prep.preferred))


def _capacity(w: _Work):
    if not w.wants("capacity_headroom"):
        return
    prep, block, frame = w.prep, w.block, w.frame
    minimum = prep.min_capacity_base
    if not (minimum and minimum > 0):
        w.out["capacity_headroom"] = np.zeros(w.m, dtype=np.float32)
        return
    # full headroom at four times the minimum, in the base unit of the requirement's
    # dimension; none in another dimension
    ratio = frame.take(block.log2_capacity) - np.float32(np.log2(minimum))
    ratio *= np.float32(0.5)
    np.clip(ratio, 0, 1, out=ratio)
    dim = block.dimension_ids.get(prep.capacity_dimension, -2)
    ratio[frame.take(block.capacity_dimension) != dim] = 0
    w.out["capacity_headroom"] = ratio


def _proximity(w: _Work):
    if not w.wants("same_location", "local_code", "local_family"):
        return
    block, frame = w.block, w.frame
    # closeness of each place id (1 same region, 0.5 same country); the last slot is for
    # suppliers with no known place (id -1)
    by_region = np.zeros(len(block.place_ids) + 1, dtype=np.float32)
    by_country = np.zeros(len(block.place_ids) + 1, dtype=np.float32)
    for loc in w.prep.locations:
        country = region_country(loc) or (loc if len(loc) == 2 else None)
        if country in block.place_ids:
            by_country[block.place_ids[country]] = 0.5
        if loc in block.place_ids:
            by_region[block.place_ids[loc]] = 1.0
    local = by_region[frame.take(block.home_region)]
    w.out["same_location"] = np.maximum(local, by_country[frame.take(block.home_country)])
    for level in ("code", "family"):
        if w.wants(f"local_{level}"):
            counts = squash(w.counted[level])
            w.out[f"local_{level}"] = (
                counts.with_values(local[counts.positions] * counts.values)
                if isinstance(counts, Sparse) else local * counts)


#: The feature groups, in the order they are computed (``_proximity`` reads the award counts
#: ``_by_level`` keeps).
_GROUPS = (_category, _by_level, _by_place, _site_and_backoff, _buyer, _method, _static, _text,
           _preferred, _capacity, _proximity)


def compute_features(frame, prep: Prepared, want) -> tuple[dict, dict]:
    """Feature arrays (one value per row of ``frame``) for the features in ``want``.

    Share features come back as raw counts with their block totals: call
    ``scoring.finish_shares`` once every block of the index has been computed.
    """
    work = _Work(frame, prep, want)
    for group in _GROUPS:
        group(work)
    for name in want:
        if name not in work.out:
            work.out[name] = np.zeros(work.m, dtype=np.float32)
    return work.out, work.totals
