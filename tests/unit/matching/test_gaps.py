"""Every gap kind: structured params, remedy, effort and an English detail."""

from datetime import date

import pytest

from matching import CertificationClaim, MatchingEngine, Requirement

TODAY = date(2025, 6, 1)


def gaps_for(make_profile, requirement, **profile):
    engine = MatchingEngine().fit([make_profile(**profile)])
    return {g.kind: g for g in engine.assess(requirement, "s1", today=TODAY).gaps}


def test_missing_standard(make_profile):
    gap = gaps_for(make_profile, Requirement("r", must_standards=("ISO 14001",)))["missing_standard"]
    assert gap.blocking and gap.remedy == "obtain_certificate"
    assert gap.params["standard"] == "iso-14001" and gap.params["typical_months"] == 12
    assert gap.effort_days == 360 and "ISO 14001" in gap.detail


def test_expired_standard(make_profile):
    claims = (CertificationClaim("iso-9001", "verified", expires=date(2025, 3, 1)),)
    gap = gaps_for(make_profile, Requirement("r", must_standards=("iso9001:2015",)),
                   certifications=claims)["expired_standard"]
    assert gap.blocking and gap.remedy == "renew_certificate"
    assert gap.params["expires"] == date(2025, 3, 1)
    assert gap.detail == "ISO 9001 expired on 2025-03-01: renew the certificate"


def test_superseded_standard(make_profile):
    claims = (CertificationClaim("OHSAS 18001", "verified"),)
    gap = gaps_for(make_profile, Requirement("r", must_standards=("ISO 45001",)),
                   certifications=claims)["superseded_standard"]
    assert gap.blocking and gap.remedy == "migrate_standard"
    assert gap.params["held"] == "ohsas-18001" and gap.params["typical_months"] == 6
    assert gap.detail == "OHSAS 18001 is superseded: migrate to ISO 45001, ~6 months"


def test_revoked_standard(make_profile):
    claims = (CertificationClaim("iso-9001", "revoked"),)
    gap = gaps_for(make_profile, Requirement("r", must_standards=("ISO 9001",)),
                   certifications=claims)["revoked_standard"]
    assert gap.blocking and gap.remedy == "obtain_certificate" and "revoked" in gap.detail


@pytest.mark.parametrize("require_verified", [False, True])
def test_unverified_standard(make_profile, require_verified):
    profile = make_profile(certifications=(CertificationClaim("iso-9001", "self_declared"),))
    engine = MatchingEngine(require_verified=require_verified).fit([profile])
    result = engine.assess(Requirement("r", must_standards=("ISO 9001",)), "s1", today=TODAY)
    gap = result.gaps[0]
    assert gap.kind == "unverified_standard" and gap.remedy == "verify_certificate"
    assert gap.blocking is require_verified and result.qualified is not require_verified


def test_region_not_served(make_profile):
    gap = gaps_for(make_profile, Requirement("r", regions=("CL-AN", "PE-LIM")),
                   regions=("CL",))["region_not_served"]
    assert gap.blocking and gap.remedy == "extend_regions"
    assert gap.params["regions"] == ["PE-LIM"] and "PE-LIM" in gap.detail


@pytest.mark.parametrize("capacity, remedy", [(10.0, "increase_capacity"),
                                              (None, "declare_capacity")])
def test_insufficient_capacity(make_profile, capacity, remedy):
    gap = gaps_for(make_profile, Requirement("r", min_capacity=50.0),
                   capacity=capacity)["insufficient_capacity"]
    assert gap.blocking and gap.remedy == remedy and gap.params["required"] == 50.0


def test_preferred_standards_give_non_blocking_gaps(make_profile):
    gaps = gaps_for(make_profile, Requirement("r", preferred_standards=("ISO 14001",)))
    assert not gaps["missing_standard"].blocking


def test_implied_standard_satisfies(make_profile):
    claims = (CertificationClaim("IATF 16949", "verified"),)
    assert gaps_for(make_profile, Requirement("r", must_standards=("ISO 9001",)),
                    certifications=claims) == {}


def test_near_misses_list_blocked_but_close_suppliers(make_profile):
    good = make_profile(id="good")
    far = make_profile(id="far", regions=("PE",), region="PE-LIM")
    unrelated = make_profile(id="unrelated", codes=(), text="", regions=("PE",), region="PE-LIM", country="PE",
                             capacity=None, certifications=())
    engine = MatchingEngine().fit([good, far, unrelated])
    result = engine.rank(Requirement("r", codes=("32121701",), regions=("CL-AN",)), today=TODAY)
    assert [m.supplier_id for m in result.ranked] == ["good"]
    assert [m.supplier_id for m in result.near_misses] == ["far"]
    assert result.near_misses[0].gaps[0].kind == "region_not_served"


def test_criterion_weights_change_the_order(make_profile):
    near = make_profile(id="near", codes=("4321",), region="CL-AN")
    exact = make_profile(id="exact", codes=("32121701",), region="PE-LIM", regions=("CL",))
    engine = MatchingEngine().fit([near, exact])
    # the category as a score only: both may rank
    base = Requirement("r", codes=("32121701",), location="CL-AN", category_depth="any")
    assert engine.rank(base, today=TODAY).ranked[0].supplier_id == "exact"
    local = Requirement("r", codes=("32121701",), location="CL-AN", category_depth="any",
                        weights={"category": 0.1, "proximity": 1.0})
    assert engine.rank(local, today=TODAY).ranked[0].supplier_id == "near"
