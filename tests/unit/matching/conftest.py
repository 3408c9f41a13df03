"""Shared builders for the matching engine's unit tests."""

import math
from datetime import date

import pytest

from matching import CertificationClaim, MatchingEngine, SupplierProfile

TODAY = date(2025, 6, 1)


@pytest.fixture
def make_profile():
    def make(**overrides):
        values = {"id": "s1", "name": "Supplier", "codes": ("32121701",), "text": "rectificadores",
                      "capacity": 100.0, "regions": ("CL",), "region": "CL-AN", "country": "CL",
                      "certifications": (CertificationClaim("iso-9001", "verified",
                                                         expires=date(2027, 1, 1)),)}
        values.update(overrides)
        return SupplierProfile(**values)
    return make


@pytest.fixture
def feature_of():
    """``feature(engine, req, ids, name)``: one feature's value for each of ``ids``."""
    def feature(engine, req, ids, name, today=TODAY):
        from matching.scoring import FEATURES

        got, X = engine.feature_table(req, k=0, extra_ids=ids, today=today)
        column = list(FEATURES).index(name)
        return {sid: float(row[column]) for sid, row in zip(got, X)}
    return feature


@pytest.fixture
def fitted():
    def fit(profiles, **params):
        return MatchingEngine(**params).fit(profiles)
    return fit


@pytest.fixture
def ranked_as_scored():
    """Check that ``engine.rank(req, k)`` ranks the qualified suppliers exactly as scoring
    every supplier does, with the same scores and contributions as ``assess``; returns the
    rank result and ``(ids, score, qualified)`` of the full scoring."""
    def check(engine, req, k, today=TODAY):
        ids, score, qualified = engine.scores(req, today=today)
        order = sorted((i for i in range(len(ids)) if qualified[i]), key=lambda i: (-score[i], i))
        result = engine.rank(req, k=k, today=today)
        assert [m.supplier_id for m in result.ranked] == [ids[i] for i in order[:k]]
        for match, i in zip(result.ranked, order):
            assert math.isclose(match.score, score[i], abs_tol=1e-9)
            again = engine.assess(req, match.supplier_id, today=today)
            assert math.isclose(again.score, match.score, abs_tol=1e-9)
            assert again.contributions == pytest.approx(match.contributions, abs=1e-9)
        return result, (ids, score, qualified)
    return check

