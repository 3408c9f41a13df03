"""The matching engine: index supplier profiles once, then rank them for any requirement.

Scores for every supplier come from a few array operations over column indexes (how, top to
bottom: ``matching.features``; the must-haves: ``matching.constraints``); explanations and
gaps are built only for the top ``k`` and the near misses.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date

import numpy as np

from . import units
from .block import SupplierBlock, normalise_method, normalise_site
from .constraints import (
    UNRELATED,
    blocking_counts,
    category_reach,
    failed_at,
    failures,
    relevant_rows,
)
from .features import FEATURES, compute_features
from .frame import Frame
from .gaps import supplier_gaps
from .links import CodeLinks, strongest_links
from .lookups import text_similarity
from .prepared import Prepared, check_depth, prepare_codes, prepare_regions
from .scoring import (
    DEFAULT_FEATURE_WEIGHTS,
    PRIOR_FEATURES,
    STATIC_FEATURES,
    candidate_rows,
    effective_weights,
    finish_shares,
    outside_bound,
    scale_criteria,
    static_feature,
    static_score,
    weighted_score,
)
from .standards import default_catalogue
from .text import TextVectorizer
from .types import CRITERIA, MatchResult, RankResult

#: Blocking count given to suppliers that offer nothing relevant to the requirement's
#: category: more than any near miss may have.
_NEVER = 10_000

#: Share of the main block's rows above which rank() scores the whole block rather than
#: gathering its candidates' rows (the scores are the same either way).
_WHOLE_BLOCK = 0.4


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
        Weight of each feature (see ``matching.features.FEATURE_TABLE``), e.g. learned by
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
        self.vectorizer_ = TextVectorizer(self.text_features)
        # column-wise at once, so the row-wise matrix is gone before the indexes are built
        self._build_base(profiles, self.vectorizer_.fit_transform(
            [p.text or "" for p in profiles]).tocsc())
        self.code_links_ = CodeLinks.of_index(self._base.codes, self._base.n)
        return self

    def _build_base(self, profiles, text=None):
        self._base_profiles = profiles
        self._base = self._block(profiles, text)
        self._rows = {p.id: i for i, p in enumerate(profiles)}
        self._delta_profiles = {}
        self._delta = None
        # requirement id -> suppliers holding an award of that requirement
        self._closed_by = {}
        for p in profiles:
            self._note_awards(p)

    def _note_awards(self, profile):
        for award in profile.awards:
            if award.requirement_id is not None:
                self._closed_by.setdefault(award.requirement_id, set()).add(profile.id)

    def _block(self, profiles, text=None):
        return SupplierBlock(profiles, self.key_for, self.vectorizer_, self.reference_date_,
                             self.half_life_days, text)

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
        self._note_awards(profile)
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

    def _parts(self, requirement=None):
        """``(block, profiles)`` pairs to score, the main block first. For a requirement
        some suppliers hold an award of, those suppliers are scored from a block of their
        own without that award (their rows elsewhere set aside), so a requirement's own
        award never counts toward its candidates' scores."""
        parts = [(self._base, self._base_profiles)]
        if self._delta is not None:
            parts.append((self._delta, list(self._delta_profiles.values())))
        holders = self._closed_by.get(requirement.id) if requirement is not None else None
        holders = [sid for sid in sorted(holders or ()) if sid in self]
        if not holders:
            return parts
        out = []
        for block, profiles in parts:
            rows = [i for i, sid in enumerate(block.ids) if sid in holders] if block is not \
                self._base else [self._rows[sid] for sid in holders if sid in self._rows]
            if rows:
                block = copy.copy(block)
                block.alive = block.alive.copy()
                block.alive[rows] = False
            out.append((block, profiles))
        own = [replace(p, awards=tuple(a for a in p.awards
                                       if a.requirement_id != requirement.id))
               for p in map(self.profile, holders)]
        out.append((self._block(own), own))
        return out

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
        terms, values = self.vectorizer_.transform_one(requirement.text or "")
        must = tuple(dict.fromkeys(self.key_for(s) for s in requirement.must_standards))
        preferred = tuple(k for k in dict.fromkeys(
            self.key_for(s) for s in requirement.preferred_standards) if k not in must)
        regions = prepare_regions(requirement.regions)
        locations = prepare_regions((requirement.location,)) if requirement.location else regions
        codes = prepare_codes(requirement.codes)
        prep = Prepared(
            codes=codes,
            query_terms=terms, query_values=values,
            must=tuple((k, self.catalogue_.satisfied_by(k)) for k in must),
            preferred=tuple((k, self.catalogue_.satisfied_by(k)) for k in preferred),
            min_capacity=requirement.min_capacity, regions=regions, locations=locations,
            buyer_id=requirement.buyer_id, ref_ordinal=float(ref.toordinal()),
            require_verified=self.require_verified, weights={}, ref_date=ref, today=today,
            site=normalise_site(requirement.site) if requirement.site else None,
            method=normalise_method(requirement.method),
            links=tuple(self.code_links_.of(code) for code in codes),
            capacity_unit=units.normalise_unit(requirement.capacity_unit),
            category_depth=check_depth(requirement.category_depth),
        )
        base = self.feature_weights_ if feature_weights is None else feature_weights
        prep.weights = effective_weights(base, requirement.weights, prep)
        return prep

    def _frames(self, prep, parts, rows_of, want, fold=True):
        """Features, scores and failed constraints of every part, for the rows
        ``rows_of(i, block)`` (None = all rows); a list of ``_Scored``. With ``fold`` the
        ``STATIC_FEATURES`` come from each block's ``static_score`` and are left out of the
        features."""
        frames = [Frame(block, rows_of(i, block)) for i, (block, _) in enumerate(parts)]
        if fold:
            want = {f: w for f, w in want.items() if f not in STATIC_FEATURES}
        feats = finish_shares([compute_features(f, prep, want) for f in frames])
        out, offset = [], 0
        for (block, profiles), frame, f in zip(parts, frames, feats):
            static = static_score(block, prep.weights) if fold else None
            score = weighted_score(f, prep.weights, frame.m,
                                   None if static is None else frame.take(static))
            out.append(_Scored(block, profiles, frame, f, score, _failed(frame, prep), offset))
            offset += block.n
        return out

    def _outside(self, prep, parts, rows, floor=-np.inf):
        """The main block's rows not in ``rows`` (the candidates, without text) that could
        score at least ``floor``, scored through ``PRIOR_FEATURES`` and the text only: every
        other feature is exactly zero for them, so their scores equal those of a full scoring.
        (Only for requirements without a category must-have: with one, no row outside the
        candidates can be chosen.)

        A row's bound is its ``static_score`` plus its weighted text similarity plus the
        weights of the other prior features (each at most 1); rows whose bound is below
        ``floor`` are left out; None when no row is left."""
        base, profiles = parts[0]
        want = {f: w for f, w in prep.weights.items()
                if f in PRIOR_FEATURES and f not in STATIC_FEATURES or f == "text_similarity"}
        static = static_score(base, prep.weights)
        keep = base.alive.copy()
        keep[rows] = False
        if floor > -np.inf:
            bound = (np.zeros(base.n, dtype=np.float64) if static is None else static.copy())
            bound += sum(w for f, w in want.items() if f != "text_similarity")
            if "text_similarity" in want:
                bound += want["text_similarity"] * text_similarity(Frame(base), prep)
            keep &= bound >= floor - 1e-9
        kept = np.flatnonzero(keep)
        if not len(kept):
            return None
        frame = Frame(base, kept)
        feats, _ = compute_features(frame, prep, want)
        score = weighted_score(feats, want, frame.m,
                               None if static is None else frame.take(static))
        zeros = np.zeros(frame.m, dtype=np.float32)
        feats = {f: feats.get(f, zeros) for f in prep.weights if f not in STATIC_FEATURES}
        return _Scored(base, profiles, frame, feats, score, _failed(frame, prep), 0)

    @staticmethod
    def _floor(chosen, limit):
        """Lowest score a new row needs to enter ``chosen`` (tied rows included)."""
        if limit <= 0:
            return np.inf
        return chosen[-1][2] if len(chosen) >= limit else -np.inf

    def _results(self, scored, chosen, prep) -> list[MatchResult]:
        """Explained results for ``chosen`` ``(part, position, score)`` triples."""
        names = list(prep.weights)
        crit = np.array([CRITERIA.index(FEATURES[f]) for f in names], dtype=np.int64)
        weights = np.array([prep.weights[f] for f in names], dtype=np.float64)
        wanted = {}
        for i, pos, *_ in chosen:
            wanted.setdefault(i, []).append(pos)
        table = {}
        for i, positions in wanted.items():
            part = scored[i]
            feats, at = part.features, np.asarray(positions, dtype=np.int64)
            rows = at if part.frame.rows is None else part.frame.rows[at]
            gathered = (np.array([feats[f][at] if f in feats
                                  else static_feature(part.block, f)[rows] for f in names],
                                 dtype=np.float64).T if names
                        else np.zeros((len(at), 0)))
            table.update(((i, pos), values) for pos, values in zip(positions, gathered))
        # each criterion's contribution: its features' weighted values added in feature order
        products = (np.array([table[i, pos] for i, pos, *_ in chosen]).reshape(
            len(chosen), len(names)) * weights)
        per = np.zeros((len(chosen), len(CRITERIA)), dtype=np.float64)
        for j, c in enumerate(crit):
            per[:, c] += products[:, j]
        out = []
        linking = "related_code" in prep.weights and prep.has_links
        for (i, pos, *_), shares in zip(chosen, per.tolist()):
            part = scored[i]
            contributions = dict(zip(CRITERIA, shares))
            row = part.row(pos)
            profile = part.profiles[row]
            gaps = supplier_gaps(profile, prep, self.catalogue_, self.key_for, prep.ref_date,
                                 prep.today, self.require_verified,
                                 failed_at(part.failed, pos))
            linked = strongest_links(profile, prep.codes, prep.links) if linking else ()
            out.append(MatchResult(part.block.ids[row], sum(contributions.values()),
                                   contributions, gaps, not any(g.blocking for g in gaps),
                                   linked))
        return out

    @staticmethod
    def _select(scored, limit, near=None, max_gaps=0, start=0, before=()):
        """Global ``(part, position)`` of the best ``limit`` rows: qualified ones, or blocked
        ones with at most ``max_gaps`` blocking gaps and a positive score when ``near``.
        Ties go to the earlier row; also returns the scores chosen and the rows' index order.
        Only the parts from ``start`` on are read; ``before`` is the selection made among
        the earlier parts, with the same ``limit``."""
        picks = [(-score, order, i, pos) for i, pos, score, order in before]
        for i in range(start, len(scored)):
            part = scored[i]
            alive = part.frame.take(part.block.alive)
            if near:
                mask = alive & (part.blocked > 0) & (part.blocked <= max_gaps) & (part.score > 0)
            else:
                mask = alive & (part.blocked == 0)
            idx = np.flatnonzero(mask)
            if limit > 0 and len(idx) > limit:
                # the best ``limit``, ties at the cut going to the earlier rows (positions
                # within a part follow row order)
                neg = -part.score[idx]
                cut = np.partition(neg, limit - 1)[limit - 1]
                better = idx[neg < cut]
                idx = np.concatenate([better, idx[neg == cut][:limit - len(better)]])
            rows = idx if part.frame.rows is None else part.frame.rows[idx]
            picks.extend(zip(-part.score[idx], rows + part.offset, [i] * len(idx), idx))
        picks.sort()
        return [(i, pos, -neg, order) for neg, order, i, pos in picks[:max(0, limit)]]

    @staticmethod
    def _bounded(chosen, limit, bound):
        """Whether no row scoring at most ``bound`` could enter ``chosen``."""
        if bound is None or limit <= 0:
            return True
        return len(chosen) >= limit and chosen[-1][2] > bound + 1e-12

    def rank(self, requirement, k=50, today=None) -> RankResult:
        """Top ``k`` suppliers meeting every hard constraint, plus the best near misses.

        With a category must-have only the suppliers offering something relevant to it
        (``constraints.category_reach``) can be chosen, and only they are scored. Otherwise
        only the suppliers sharing a code segment or the buyer with the requirement are
        scored on every feature; the others can only score through the text and the features
        every supplier has, whose maxima bound their scores, and are scored (through those
        features alone) only when that bound says they could change the result; even then
        only those whose own bound reaches the scores already chosen.
        """
        prep = self.prepare(requirement, today)
        parts = self._parts(requirement)
        base = parts[0][0]
        if prep.category_applies:
            rows, outside = relevant_rows(base, prep), False
        else:
            rows, outside = candidate_rows(base, prep, False), True
        if rows is not None and len(rows) > _WHOLE_BLOCK * base.n:
            rows, outside = None, False  # cheaper to score every row than to gather most
        scored = self._frames(prep, parts, lambda i, block: rows if i == 0 else None,
                              prep.weights)
        ranked = self._select(scored, k)
        near = self._select(scored, self.near_miss_limit, True, self.near_miss_max_gaps)
        if outside and rows is not None:
            bound = outside_bound(base, prep.weights, prep, False)
            if not (self._bounded(ranked, k, bound)
                    and self._bounded(near, self.near_miss_limit, bound)):
                floor = min(self._floor(ranked, k), self._floor(near, self.near_miss_limit))
                part = self._outside(prep, parts, rows, floor)
                if part is not None:
                    scored.append(part)
                    last = len(scored) - 1
                    ranked = self._select(scored, k, start=last, before=ranked)
                    near = self._select(scored, self.near_miss_limit, True,
                                        self.near_miss_max_gaps, last, near)
        return RankResult(self._results(scored, ranked, prep),
                          self._results(scored, near, prep), len(self))

    def _locate(self, parts, supplier_id):
        """Part and row of a live supplier: the small parts (changed profiles, holders of
        the requirement's own award) take precedence over the main block."""
        for i in range(len(parts) - 1, 0, -1):
            block = parts[i][0]
            if supplier_id in block.ids:
                row = block.ids.index(supplier_id)
                if block.alive[row]:
                    return i, row
        row = self._rows.get(supplier_id)
        if row is not None and parts[0][0].alive[row]:
            return 0, row
        raise KeyError(supplier_id)

    def assess(self, requirement, supplier_id, today=None) -> MatchResult:
        """Full result of one supplier for one requirement, qualified or not."""
        parts = self._parts(requirement)
        part, row = self._locate(parts, supplier_id)
        prep = self.prepare(requirement, today)
        scored = self._frames(prep, parts, lambda i, block: np.array([row]) if i == part else
                              np.zeros(0, dtype=np.int64), prep.weights)
        return self._results(scored, [(part, 0, None)], prep)[0]

    def scores(self, requirement, today=None):
        """Scores of every indexed supplier, without explanations.

        Returns ``(ids, score, qualified)``: supplier ids in index order, their scores and
        whether each meets every hard constraint (removed suppliers are not qualified).
        Suppliers holding the requirement's own award come last (scored without it).
        """
        prep = self.prepare(requirement, today)
        ids, score, qualified = [], [], []
        for part in self._frames(prep, self._parts(requirement), lambda i, block: None,
                                 prep.weights):
            ids.extend(part.block.ids)
            score.append(part.score)
            qualified.append(part.block.alive & (part.blocked == 0))
        return ids, np.concatenate(score), np.concatenate(qualified)

    def feature_table(self, requirement, k=200, extra_ids=(), today=None):
        """Unweighted features of the top ``k`` qualified suppliers and of ``extra_ids``.

        Returns ``(ids, X)`` with one row per supplier and one column per feature of
        ``matching.scoring.FEATURES``, in that order; used to learn feature weights.
        """
        prep = self.prepare(requirement, today)
        names = list(FEATURES)
        ids, rows = [], []
        wanted = set(extra_ids)
        for part in self._frames(prep, self._parts(requirement), lambda i, block: None,
                                 dict.fromkeys(names, 1.0), fold=False):
            block, feats = part.block, part.features
            score = part.score.copy()
            score[~block.alive | (part.blocked > 0)] = -np.inf
            order = np.lexsort((np.arange(block.n), -score))[:k]
            chosen = [int(r) for r in order if np.isfinite(score[r])]
            if wanted:
                taken = set(chosen)
                chosen += [r for r, sid in enumerate(block.ids) if sid in wanted
                           and r not in taken and block.alive[r]]
            if chosen:
                ids.extend(block.ids[r] for r in chosen)
                rows.append(np.column_stack([feats[f][chosen] for f in names]))
        X = np.vstack(rows).astype(np.float64) if rows else np.zeros((0, len(names)))
        return ids, X


def _failed(frame, prep):
    """Failed constraints of every row of ``frame`` and their counts (suppliers offering
    nothing relevant to the category get ``_NEVER``: neither qualified nor near misses)."""
    failed = failures(frame, prep)
    blocked = blocking_counts(failed, frame.m)
    if prep.category_applies:
        blocked[category_reach(frame, prep) == UNRELATED] = _NEVER
    return failed, blocked


class _Scored:
    """One part of the index scored for one requirement."""

    def __init__(self, block, profiles, frame, features, score, failed, offset=0):
        self.block, self.profiles, self.frame = block, profiles, frame
        self.features, self.score = features, score
        self.failed, self.blocked = failed  # constraint -> rows failing it; counts per row
        self.offset = offset  # index order of the block's first row, for ties

    def row(self, pos):
        return int(pos) if self.frame.rows is None else int(self.frame.rows[pos])
