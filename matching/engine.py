"""The matching engine: index supplier profiles once, then rank them for any requirement.

Scores for every supplier come from a few array operations over column indexes (see
``matching.block`` and ``matching.scoring``); explanations and gaps are built only for the top
``k`` and the near misses.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from .block import SupplierBlock
from .gaps import supplier_gaps
from .scoring import (
    DEFAULT_FEATURE_WEIGHTS,
    FEATURES,
    Prepared,
    blocking_counts,
    compute_features,
    effective_weights,
    finish_shares,
    prepare_codes,
    prepare_regions,
    scale_criteria,
    weighted_score,
)
from .standards import default_catalogue
from .text import TextVectorizer
from .types import CRITERIA, MatchResult, RankResult


class MatchingEngine:
    """Rank supplier profiles against requirements, with explanations and gaps.

    Parameters
    ----------
    catalogue : StandardsCatalogue, optional
        Standards and their relations; the built-in catalogue when None.
    weights : dict, optional
        Criterion weights (keys from ``matching.CRITERIA``) scaling the feature weights.
    near_miss_limit : int
        How many near misses ``rank`` returns.
    feature_weights : dict, optional
        Weight of each feature (see ``matching.scoring.FEATURES``), e.g. learned by
        ``matching.learning.RankLearner``; defaults to ``DEFAULT_FEATURE_WEIGHTS``.
    near_miss_max_gaps : int
        A blocked supplier is a near miss only with at most this many blocking gaps.
    require_verified : bool
        When True a self-declared must-have certificate blocks (``unverified_standard``).
    half_life_days : float
        Half-life of an award's weight in the recency feature.
    as_of : date, optional
        Day from which award recency decays; the latest award date when None.
    text_features : int
        Size of the hashed text feature space.
    compact_fraction : float
        Profiles changed since ``fit`` are kept in a small side index; it is merged into the
        main one when it exceeds this fraction of the suppliers (at least 256 profiles).
    min_confidence : float
        Confidence below which a typed standard name is not mapped to a catalogue entry.
    """

    def __init__(self, catalogue=None, weights=None, near_miss_limit=20, feature_weights=None,
                 near_miss_max_gaps=2, require_verified=False, half_life_days=90.0, as_of=None,
                 text_features=2**18, compact_fraction=0.05, min_confidence=0.88):
        self.catalogue = catalogue
        self.weights = weights
        self.near_miss_limit = near_miss_limit
        self.feature_weights = feature_weights
        self.near_miss_max_gaps = near_miss_max_gaps
        self.require_verified = require_verified
        self.half_life_days = half_life_days
        self.as_of = as_of
        self.text_features = text_features
        self.compact_fraction = compact_fraction
        self.min_confidence = min_confidence

    # ---------------------------------------------------------------- building
    def fit(self, profiles):
        """Index ``profiles`` (an iterable of SupplierProfile); returns self."""
        profiles = list(profiles)
        ids = [p.id for p in profiles]
        if len(set(ids)) != len(ids):
            raise ValueError("supplier ids must be unique")
        self.catalogue_ = self.catalogue if self.catalogue is not None else default_catalogue()
        self._keys = {}
        base = dict(DEFAULT_FEATURE_WEIGHTS if self.feature_weights is None
                    else self.feature_weights)
        unknown = set(base) - set(FEATURES)
        if unknown:
            raise ValueError(f"unknown features {sorted(unknown)}")
        self.feature_weights_ = scale_criteria(base, self.weights)
        dates = [a.date for p in profiles for a in p.awards if a.date is not None]
        self.reference_date_ = self.as_of or (max(dates) if dates else date.today())
        self.vectorizer_ = TextVectorizer(self.text_features).fit([p.text or "" for p in profiles])
        self._build_base(profiles)
        return self

    def _build_base(self, profiles):
        self._base_profiles = profiles
        self._base = self._block(profiles)
        self._rows = {p.id: i for i, p in enumerate(profiles)}
        self._delta_profiles = {}
        self._delta = None

    def _block(self, profiles):
        return SupplierBlock(profiles, self.key_for, self.vectorizer_, self.reference_date_,
                             self.half_life_days)

    def key_for(self, text: str) -> str:
        """Catalogue key of a standard given as a key or a typed name (cached)."""
        key = self._keys.get(text)
        if key is None:
            key = self._keys[text] = self.catalogue_.key_for(text, self.min_confidence)
        return key

    def update(self, profile):
        """Add or replace one supplier without rebuilding the whole index."""
        row = self._rows.get(profile.id)
        if row is not None:
            self._base.alive[row] = False
        self._delta_profiles[profile.id] = profile
        if len(self._delta_profiles) > max(256, self.compact_fraction * self._base.n):
            self.compact()
        else:
            self._delta = self._block(list(self._delta_profiles.values()))
        return self

    def remove(self, supplier_id: str):
        """Drop one supplier; raises KeyError when it is not indexed."""
        row = self._rows.get(supplier_id)
        in_base = row is not None and self._base.alive[row]
        if supplier_id in self._delta_profiles:
            del self._delta_profiles[supplier_id]
            self._delta = (self._block(list(self._delta_profiles.values()))
                           if self._delta_profiles else None)
        elif not in_base:
            raise KeyError(supplier_id)
        if in_base:
            self._base.alive[row] = False
        return self

    def compact(self):
        """Merge changed profiles into the main index (text weights stay as fitted)."""
        alive = self._base.alive
        kept = [p for p, ok in zip(self._base_profiles, alive) if ok]
        self._build_base(kept + list(self._delta_profiles.values()))
        return self

    def __len__(self) -> int:
        return int(self._base.alive.sum()) + len(self._delta_profiles)

    def __contains__(self, supplier_id) -> bool:
        row = self._rows.get(supplier_id)
        return supplier_id in self._delta_profiles or (row is not None and self._base.alive[row])

    def _parts(self):
        parts = [(self._base, self._base_profiles)]
        if self._delta is not None:
            parts.append((self._delta, list(self._delta_profiles.values())))
        return parts

    def profile(self, supplier_id: str):
        """The indexed profile of ``supplier_id``."""
        if supplier_id in self._delta_profiles:
            return self._delta_profiles[supplier_id]
        if supplier_id not in self:
            raise KeyError(supplier_id)
        return self._base_profiles[self._rows[supplier_id]]

    # ---------------------------------------------------------------- scoring
    def prepare(self, requirement, today=None, feature_weights=None) -> Prepared:
        """Normalise ``requirement`` once for scoring (standards resolved, text vectorised)."""
        today = today or date.today()
        ref = max(requirement.need_date or today, today)
        query = self.vectorizer_.transform([requirement.text or ""])
        must = tuple(dict.fromkeys(self.key_for(s) for s in requirement.must_standards))
        preferred = tuple(k for k in dict.fromkeys(
            self.key_for(s) for s in requirement.preferred_standards) if k not in must)
        regions = prepare_regions(requirement.regions)
        locations = prepare_regions((requirement.location,)) if requirement.location else regions
        prep = Prepared(
            codes=prepare_codes(requirement.codes),
            query_terms=query.indices.copy(), query_values=query.data.copy(),
            must=tuple((k, self.catalogue_.satisfied_by(k)) for k in must),
            preferred=tuple((k, self.catalogue_.satisfied_by(k)) for k in preferred),
            min_capacity=requirement.min_capacity, regions=regions, locations=locations,
            buyer_id=requirement.buyer_id, ref_ordinal=float(ref.toordinal()),
            require_verified=self.require_verified, weights={}, ref_date=ref, today=today,
        )
        base = self.feature_weights_ if feature_weights is None else feature_weights
        prep.weights = effective_weights(base, requirement.weights, prep)
        return prep

    def _features(self, prep, want):
        parts = self._parts()
        feats = finish_shares([compute_features(block, prep, want) for block, _ in parts])
        return [(block, profiles, f) for (block, profiles), f in zip(parts, feats)]

    def _score_parts(self, prep):
        out = []
        for block, profiles, feats in self._features(prep, prep.weights):
            score = weighted_score(feats, prep.weights, block.n)
            out.append((block, profiles, feats, score, blocking_counts(block, prep)))
        return out

    def _result(self, part, row, prep) -> MatchResult:
        block, profiles, feats, _, _ = part
        contributions = dict.fromkeys(CRITERIA, 0.0)
        for name, weight in prep.weights.items():
            contributions[FEATURES[name]] += weight * float(feats[name][row])
        gaps = supplier_gaps(profiles[row], prep, self.catalogue_, self.key_for, prep.ref_date,
                             prep.today, self.require_verified)
        return MatchResult(block.ids[row], sum(contributions.values()), contributions, gaps,
                           not any(g.blocking for g in gaps))

    def rank(self, requirement, k=50, today=None) -> RankResult:
        """Top ``k`` suppliers meeting every hard constraint, plus the best near misses."""
        prep = self.prepare(requirement, today)
        parts = self._score_parts(prep)
        score = np.concatenate([p[3] for p in parts])
        blocked = np.concatenate([p[4] for p in parts])
        alive = np.concatenate([p[0].alive for p in parts])
        offsets = np.cumsum([0] + [p[0].n for p in parts])

        def top(mask, limit):
            idx = np.flatnonzero(mask)
            if limit <= 0 or not len(idx):
                return []
            if len(idx) > limit:
                idx = idx[np.argpartition(-score[idx], limit - 1)[:limit]]
            idx = idx[np.lexsort((idx, -score[idx]))]
            results = []
            for g in idx:
                part = int(np.searchsorted(offsets, g, side="right") - 1)
                results.append(self._result(parts[part], int(g - offsets[part]), prep))
            return results

        ranked = top(alive & (blocked == 0), k)
        near_mask = alive & (blocked > 0) & (blocked <= self.near_miss_max_gaps) & (score > 0)
        near = top(near_mask, self.near_miss_limit)
        return RankResult(ranked, near, int(alive.sum()))

    def assess(self, requirement, supplier_id, today=None) -> MatchResult:
        """Full result of one supplier for one requirement, qualified or not."""
        if supplier_id in self._delta_profiles:
            part, row = -1, list(self._delta_profiles).index(supplier_id)
        elif supplier_id in self:
            part, row = 0, self._rows[supplier_id]
        else:
            raise KeyError(supplier_id)
        prep = self.prepare(requirement, today)
        block, profiles, feats = self._features(prep, prep.weights)[part]
        return self._result((block, profiles, feats, None, None), row, prep)

    def scores(self, requirement, today=None):
        """Scores of every indexed supplier, without explanations.

        Returns ``(ids, score, qualified)``: supplier ids in index order, their scores and
        whether each meets every hard constraint (removed suppliers are not qualified).
        """
        prep = self.prepare(requirement, today)
        ids, score, qualified = [], [], []
        for block, _, _, part_score, blocked in self._score_parts(prep):
            ids.extend(block.ids)
            score.append(part_score)
            qualified.append(block.alive & (blocked == 0))
        return ids, np.concatenate(score), np.concatenate(qualified)

    def feature_table(self, requirement, k=200, extra_ids=(), today=None):
        """Unweighted features of the top ``k`` qualified suppliers and of ``extra_ids``.

        Returns ``(ids, X)`` with one row per supplier and one column per feature of
        ``matching.scoring.FEATURES``, in that order; used to learn feature weights.
        """
        prep = self.prepare(requirement, today)
        names = list(FEATURES)
        ids, rows = [], []
        for block, _, feats in self._features(prep, dict.fromkeys(names, 1.0)):
            score = weighted_score(feats, prep.weights, block.n)
            score[~block.alive | (blocking_counts(block, prep) > 0)] = -np.inf
            order = np.lexsort((np.arange(block.n), -score))[:k]
            chosen = [int(r) for r in order if np.isfinite(score[r])]
            wanted = {sid for sid in extra_ids}
            if wanted:
                taken = set(chosen)
                local = ({sid: i for i, sid in enumerate(block.ids)} if block is self._delta
                         else self._rows)
                chosen += [local[s] for s in wanted if s in local and local[s] not in taken
                           and block.alive[local[s]]]
            for r in chosen:
                ids.append(block.ids[r])
                rows.append([float(feats[f][r]) for f in names])
        return ids, np.asarray(rows, dtype=np.float64).reshape(len(rows), len(names))
