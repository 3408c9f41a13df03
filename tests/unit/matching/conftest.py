"""Shared builders for the matching engine's unit tests."""

from datetime import date
from pathlib import Path

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
def fitted():
    def fit(profiles, **params):
        return MatchingEngine(**params).fit(profiles)
    return fit


DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"


@pytest.fixture
def data_dir():
    if not DATA.exists():
        pytest.skip("reference data not available")
    return DATA
