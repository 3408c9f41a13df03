"""Learning feature weights from outcomes (past awards, later buyer feedback).

Each training query is a requirement with the suppliers that won it (or that the buyer
shortlisted). The engine's current ranking proposes candidates; a listwise model (softmax of
the linear score over each query's candidates, maximising the probability of the winners)
is fitted with every weight bounded below by zero, so the score stays monotone and each
criterion's contribution stays a non-negative weighted sum of its features. The weights are
rescaled to add up to 1 and become the engine's feature weights. Same data and
``random_state`` give the same weights.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from .engine import MatchingEngine
from .scoring import DEFAULT_FEATURE_WEIGHTS, FEATURES


def _listwise_loss(w, X, y, starts, lam):
    """Mean negative log-probability of the winners under a softmax per query, plus L2."""
    s = X @ w
    group_max = np.maximum.reduceat(s, starts)
    sizes = np.diff(np.r_[starts, len(s)])
    shifted = s - np.repeat(group_max, sizes)
    e = np.exp(shifted)
    z_all = np.add.reduceat(e, starts)
    z_win = np.add.reduceat(e * y, starts)
    n_q = len(starts)
    loss = -(np.log(z_win) - np.log(z_all)).sum() / n_q + 0.5 * lam * (w @ w)
    p_all = e / np.repeat(z_all, sizes)
    p_win = e * y / np.repeat(z_win, sizes)
    grad = X.T @ (p_all - p_win) / n_q + lam * w
    return loss, grad


class RankLearner:
    """Learn ``feature_weights`` for ``MatchingEngine`` from labelled queries.

    Parameters
    ----------
    candidates : int
        Suppliers taken from the top of the current ranking for each query (the winners are
        added when ranked lower).
    negatives : int
        Non-winning candidates kept per query (a seeded sample when there are more).
    C : float
        Inverse strength of the L2 penalty on the weights (weak: over a hundred features,
        most of them rare, need room to differ).
    random_state : int
        Seed for the negative sampling.
    """

    def __init__(self, candidates=200, negatives=200, C=1000.0, random_state=0):
        self.candidates = candidates
        self.negatives = negatives
        self.C = C
        self.random_state = random_state

    def examples(self, engine, queries):
        """``(X, y)`` per usable query: candidate features and whether each one won.

        ``queries`` is an iterable of ``(requirement, winner_ids, today)``; ``engine`` must be
        fitted on data that precedes them.
        """
        rng = np.random.default_rng(self.random_state)
        out = []
        for requirement, winners, today in queries:
            ids, X = engine.feature_table(requirement, self.candidates, winners, today)
            y = np.array([sid in winners for sid in ids], dtype=np.float64)
            if not y.any() or y.all():
                continue
            neg = np.flatnonzero(y == 0)
            if len(neg) > self.negatives:
                neg = np.sort(rng.choice(neg, self.negatives, replace=False))
            keep = np.concatenate([np.flatnonzero(y == 1), neg])
            out.append((X[keep], y[keep]))
        return out

    def fit(self, engine, queries):
        """Learn from ``queries``: iterable of ``(requirement, winner_ids, today)``; returns self.

        ``engine`` must be fitted on data that precedes the queries.
        """
        return self.fit_examples(self.examples(engine, queries))

    def fit_examples(self, examples):
        """Learn from ``(X, y)`` pairs as made by ``examples``; returns self."""
        names = list(FEATURES)
        self.n_queries_ = len(examples)
        if not examples:
            self.coef_ = np.zeros(len(names))
            self.feature_weights_ = dict(DEFAULT_FEATURE_WEIGHTS)
            return self
        X = np.vstack([x for x, _ in examples])
        y = np.concatenate([y for _, y in examples])
        starts = np.cumsum([0] + [len(x) for x, _ in examples[:-1]])
        w0 = np.ones(len(names))
        result = minimize(_listwise_loss, w0, args=(X, y, starts, 1.0 / self.C), jac=True,
                          method="L-BFGS-B", bounds=[(0.0, None)] * len(names),
                          options={"maxiter": 1000})
        self.coef_ = result.x
        self.feature_weights_ = self._blend(X, np.clip(self.coef_, 0, None))
        return self

    @staticmethod
    def _blend(X, positive):
        """Learned weights for features seen varying; defaults for the rest.

        Criteria absent from the training data (no preferred standards in award records, say)
        keep their default share of the total instead of being switched off.
        """
        names = list(FEATURES)
        varies = X.max(axis=0) > X.min(axis=0)
        default = np.array([DEFAULT_FEATURE_WEIGHTS.get(n, 0.0) for n in names])
        if positive[varies].sum() <= 0:
            return {n: float(w) for n, w in zip(names, default / default.sum())}
        learned_mass = default[varies].sum() or 1.0
        weights = default.copy()
        weights[varies] = learned_mass * positive[varies] / positive[varies].sum()
        return {n: float(w) for n, w in zip(names, weights / weights.sum())}


def learn_in_time_folds(dates, profiles_before, queries_between, train_share=0.2, folds=2,
                        max_queries=3000, min_dates=50, min_queries=20, random_state=0,
                        log=None):
    """Feature weights learned the way they are used: ranking later requirements from the
    record that came before them.

    Fold ``i`` (of ``folds``) starts at the ``i``-th last ``train_share`` of ``dates`` (the
    days of the record: awards, or labelled requirements): its training queries are
    ``queries_between(start, end)`` (``(requirement, winner_ids, today)`` triples; ``end`` is
    None for the last fold) and its engine is built on ``profiles_before(start)``. Returns
    the weights, or None when there are fewer than ``min_dates`` dates or no fold has
    ``min_queries`` queries. At most ``max_queries`` queries a fold, a seeded sample.
    """
    dated = sorted(dates)
    if len(dated) < max(1, min_dates):
        return None
    rng = np.random.default_rng(random_state)
    learner = RankLearner(random_state=random_state)
    examples = []
    for fold in range(folds):
        start = dated[int(len(dated) * (1 - train_share * (fold + 1)))]
        end = dated[int(len(dated) * (1 - train_share * fold))] if fold else None
        profiles = list(profiles_before(start))
        late = list(queries_between(start, end))
        if not profiles or len(late) < min_queries:
            continue
        if len(late) > max_queries:
            late = [late[i] for i in sorted(rng.choice(len(late), max_queries, replace=False))]
        engine = MatchingEngine(as_of=start).fit(profiles)
        if log:
            log(f"learning weights, fold {fold + 1}: {len(profiles)} suppliers known before "
                f"{start}, {len(late)} queries after")
        examples.extend(learner.examples(engine, late))
    if not examples:
        return None
    return learner.fit_examples(examples).feature_weights_
