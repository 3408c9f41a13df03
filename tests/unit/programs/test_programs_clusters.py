"""Cluster figures on small records with known answers."""

from datetime import UTC, date, datetime

import pytest

from programs.clusters import (
    Award,
    ExportRecord,
    NearMiss,
    demand_signals,
    export_profile,
    export_survival,
    hhi,
    in_sectors,
    in_territory,
    local_content,
    meets_export_threshold,
    share_exported,
)
from programs.peers import Peer, suggest_mentors


def test_hhi_of_known_splits():
    assert hhi({"US": 50, "CA": 50}) == pytest.approx(0.5)
    assert hhi([60, 30, 10]) == pytest.approx(0.36 + 0.09 + 0.01)
    assert hhi({"US": 100}) == 1.0
    assert hhi({"US": 0}) is None
    assert hhi([25, 25, 25, 25]) == pytest.approx(0.25)


def test_survival_of_a_known_history():
    records = [ExportRecord("US", 2020), ExportRecord("US", 2021), ExportRecord("US", 2022),
               ExportRecord("AR", 2020),  # left after one year
               ExportRecord("BO", 2021), ExportRecord("BO", 2022),  # too recent for 2 years
               ExportRecord("EC", 2023)]  # too recent for either
    survival = export_survival(records, last_year=2023)
    assert survival.entries == 4
    assert (survival.observable_1, survival.survived_1) == (3, 2)  # US, AR, BO
    assert (survival.observable_2, survival.survived_2) == (3, 1)  # US, AR, BO
    assert survival.rate_1 == pytest.approx(2 / 3)
    assert survival.rate_2 == pytest.approx(1 / 3)


def test_export_profile_counts_markets_and_products():
    records = [ExportRecord("US", 2024, "A", 75.0), ExportRecord("CA", 2024, "A", 25.0),
               ExportRecord("US", 2023, "B", 10.0)]
    profile = export_profile(records, last_year=2024, year=2024)
    assert (profile.markets, profile.products) == (2, 1)
    assert profile.hhi_markets == pytest.approx(0.625)
    assert profile.hhi_products == 1.0
    assert profile.export_value == 100.0


def test_share_exported_and_the_world_class_threshold():
    assert share_exported(40, 100) == 0.4 and meets_export_threshold(0.4)
    assert not meets_export_threshold(share_exported(30, 100))  # over 30 %, not equal
    assert share_exported(10, 0) is None and not meets_export_threshold(None)


def _award(buyer, value, supplier_country, supplier_region, year=2025):
    return Award(buyer, 100, year, value, "CL", "CL-AN", supplier_country, supplier_region)


def test_local_content_shares_of_known_awards():
    rows = local_content([_award(1, 600, "CL", "CL-AN"), _award(1, 300, "CL", "CL-RM"),
                          _award(1, 100, "PE", "PE-TAC"), _award(1, None, "CL", "CL-AN"),
                          _award(1, 50, "CL", "CL-AN", year=2024), _award(2, 10, "PE", None)])
    assert [(r.buyer_id, r.year) for r in rows] == [(1, 2024), (1, 2025), (2, 2025)]
    row = rows[1]
    assert row.awards == {"region": 2, "country": 1, "elsewhere": 1}
    assert row.spend_share("region") == pytest.approx(0.6)
    assert row.spend_share("country") == pytest.approx(0.3)
    assert row.spend_share("elsewhere") == pytest.approx(0.1)
    assert row.award_share("region") == pytest.approx(0.5)
    assert row.awards_without_value == 1
    assert rows[2].spend_share("elsewhere") == 1.0


def test_territory_and_sectors():
    assert in_territory("CL", "CL-AN", "CL", ["CL-AN", "CL-AT"])
    assert not in_territory("CL", "CL-RM", "CL", ["CL-AN"])
    assert in_territory("CL", None, "CL", [])
    assert not in_territory("PE", "PE-TAC", "CL", [])
    assert in_sectors(["73152100"], ["7315"]) and in_sectors(["73152100"], ["73"])
    assert not in_sectors(["24101700"], ["73", "2010"])


def test_demand_signals_count_only_single_blocking_gaps():
    misses = [NearMiss(1, 10, 100, frozenset({"iso-14001"})),
              NearMiss(2, 10, 100, frozenset({"iso-14001"})),
              NearMiss(2, 11, 101, frozenset({"iso-14001"})),
              NearMiss(3, 12, 101, frozenset({"iso-9001"})),
              NearMiss(4, 12, 101, frozenset({"iso-9001", "iso-14001"}))]  # two gaps: neither
    signals = demand_signals(misses)
    assert signals[0].key == "iso-14001"
    assert signals[0].suppliers == {1, 2} and signals[0].requirements == {10, 11}
    assert signals[0].lead_firms == {100, 101}
    assert (signals[1].key, signals[1].suppliers) == ("iso-9001", {3})


def test_mentors_prefer_recent_bridges_in_the_same_sector():
    today = date(2026, 1, 1)
    mentee = Peer(1, "CL-AN", "small", frozenset({"7315"}), community=0)
    peers = {2: Peer(2, "CL-AN", "small", frozenset({"7315"}), community=0),
             3: Peer(3, "CL-AT", "small", frozenset({"7315"}), community=1, is_bridge=True,
                     programme_record=1.0),
             4: Peer(4, "CL-AN", "large", frozenset({"4618"}), community=0)}
    closers = {2: date(2025, 6, 1), 3: date(2025, 6, 1), 4: date(2025, 12, 1), 1: today}
    found = suggest_mentors(mentee, closers, peers, today)
    assert [s.mentor_id for s in found] == [3, 2, 4]
    assert {key for key, _ in found[0].reasons} == {
        "closed", "other_community", "bridge", "same_sector", "similar_size",
        "programme_record"}
    assert 1 not in [s.mentor_id for s in found]


def test_median_change_by_group():
    from programs.clusters import median_change_by_group

    rows = [("sales", "enrolled", 100, 150), ("sales", "enrolled", 100, 110),
            ("sales", "enrolled", 0, 50),  # no baseline to compare with
            ("sales", "comparison", 100, 105)]
    assert median_change_by_group(rows) == {"sales": {"enrolled": pytest.approx(0.3),
                                                      "comparison": pytest.approx(0.05)}}


# ----------------------------------------------------------------------------- certificates then

def _moment(days_ago: int):
    from datetime import UTC, datetime, timedelta

    return datetime(2026, 6, 30, 23, 59, tzinfo=UTC) - timedelta(days=days_ago)


def test_a_certificate_entered_after_the_moment_did_not_exist_then():
    from programs.clusters import CertificateRecord, certificate_status_on

    cert = CertificateRecord(1, "iso-9001", "verified", created_at=_moment(10),
                             verified_at=_moment(5))
    assert certificate_status_on(cert, _moment(20)) is None
    assert certificate_status_on(cert, _moment(7)) == "self_declared"
    assert certificate_status_on(cert, _moment(0)) == "verified"


def test_the_status_then_is_the_last_change_on_record_by_then():
    from programs.clusters import CertificateRecord, certificate_status_on

    cert = CertificateRecord(1, "iso-9001", "revoked", created_at=_moment(100),
                             verified_at=_moment(80),
                             changes=((_moment(30), "revoked"), (_moment(80), "verified")))
    assert certificate_status_on(cert, _moment(90)) == "self_declared"
    assert certificate_status_on(cert, _moment(50)) == "verified"
    assert certificate_status_on(cert, _moment(10)) == "revoked"
    # verified before its first recorded change (the revocation): verified until then
    only_revoked = CertificateRecord(1, "iso-9001", "revoked", created_at=_moment(100),
                                     verified_at=_moment(80),
                                     changes=((_moment(30), "revoked"),))
    assert certificate_status_on(only_revoked, _moment(50)) == "verified"
    assert certificate_status_on(only_revoked, _moment(90)) == "self_declared"


def test_holders_count_once_per_standard_verified_first_and_only_while_valid():
    from datetime import date

    from programs.clusters import CertificateRecord, standards_held_on

    day, moment = date(2026, 6, 30), _moment(0)
    entered = _moment(200)
    certs = [
        # holder 1: a verified and a self-declared one: counts once, as verified
        CertificateRecord(1, "iso-9001", "verified", entered, verified_at=entered),
        CertificateRecord(1, "iso-9001", "self_declared", entered),
        # holder 2: self-declared
        CertificateRecord(2, "iso-9001", "self_declared", entered),
        # holder 3: verified but expired before the day; holder 4: issued after it
        CertificateRecord(3, "iso-9001", "verified", entered, verified_at=entered,
                          expires_on=date(2026, 6, 1)),
        CertificateRecord(4, "iso-9001", "verified", entered, verified_at=entered,
                          issued_on=date(2026, 7, 1)),
        # holder 2 also holds another standard, verified
        CertificateRecord(2, "iso-14001", "verified", entered, verified_at=entered),
    ]
    assert standards_held_on(certs, day, moment) == {
        ("iso-9001", True): 1, ("iso-9001", False): 1, ("iso-14001", True): 1}


def test_a_requirement_is_open_from_publication_until_the_change_that_closes_it():
    from programs.clusters import open_on

    day = lambda n: datetime(2026, 3, n, 12, tzinfo=UTC)  # noqa: E731
    changes = [(day(2), "open"), (day(10), "closed"), (day(20), "open"), (day(25), "awarded")]
    assert [open_on(day(2), changes, day(n)) for n in (1, 2, 9, 10, 15, 20, 24, 25, 30)] == [
        False, True, True, False, False, True, True, False, False]
    # no change on record: open from its publication on
    assert (open_on(day(5), (), day(4)), open_on(day(5), (), day(6))) == (False, True)
    assert open_on(None, (), day(6)) is False
