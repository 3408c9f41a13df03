"""Learning feature weights from outcomes (past awards, later buyer feedback).

Each training query is a requirement with the suppliers that won it (or that the buyer
shortlisted). The engine's current ranking proposes candidates; a logistic regression
separates winners from the others; its coefficients, clipped at zero so the score stays
monotone and rescaled to add up to 1, become the engine's feature weights. Same data and
``random_state`` give the same weights.
"""

from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression

from .scoring import DEFAULT_FEATURE_WEIGHTS, FEATURES


class RankLearner:
    """Learn ``feature_weights`` for ``MatchingEngine`` from labelled queries.

    Parameters
    ----------
    candidates : int
        Suppliers taken from the top of the current ranking for each query.
    negatives : int
        Non-winning candidates sampled per query.
    C : float
        Inverse regularisation strength of the logistic regression.
    random_state : int
        Seed for the negative sampling.
    """

    def __init__(self, candidates=100, negatives=30, C=1.0, random_state=0):
        self.candidates = candidates
        self.negatives = negatives
        self.C = C
        self.random_state = random_state

    def fit(self, engine, queries):
        """Learn from ``queries``: iterable of ``(requirement, winner_ids, today)``; returns self.

        ``engine`` must be fitted on data that precedes the queries.
        """
        rng = np.random.default_rng(self.random_state)
        blocks, labels = [], []
        self.n_queries_ = 0
        for requirement, winners, today in queries:
            ids, X = engine.feature_table(requirement, self.candidates, winners, today)
            y = np.array([sid in winners for sid in ids], dtype=int)
            if not y.any() or y.all():
                continue
            neg = np.flatnonzero(y == 0)
            if len(neg) > self.negatives:
                neg = np.sort(rng.choice(neg, self.negatives, replace=False))
            keep = np.concatenate([np.flatnonzero(y == 1), neg])
            blocks.append(X[keep])
            labels.append(y[keep])
            self.n_queries_ += 1
        names = list(FEATURES)
        if not blocks:
            self.coef_ = np.zeros(len(names))
            self.feature_weights_ = dict(DEFAULT_FEATURE_WEIGHTS)
            return self
        model = LogisticRegression(C=self.C, max_iter=2000)
        model.fit(np.vstack(blocks), np.concatenate(labels))
        self.coef_ = model.coef_.ravel()
        self.feature_weights_ = self._blend(np.vstack(blocks), np.clip(self.coef_, 0, None))
        return self

    @staticmethod
    def _blend(X, positive):
        """Learned weights for features seen varying; defaults for the rest.

        Criteria absent from the training data (no preferred standards in award records, say)
        keep their default share instead of being switched off.
        """
        names = list(FEATURES)
        varies = X.max(axis=0) > X.min(axis=0)
        default = np.array([DEFAULT_FEATURE_WEIGHTS.get(n, 0.0) for n in names])
        learned_mass = default[varies].sum()
        weights = default.copy()
        weights[varies] = 0.0
        if positive[varies].sum() > 0 and learned_mass > 0:
            weights[varies] = learned_mass * positive[varies] / positive[varies].sum()
        else:
            weights = default
        return {n: float(w) for n, w in zip(names, weights / weights.sum())}
