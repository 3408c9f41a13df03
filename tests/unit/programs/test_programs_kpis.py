"""KPI aggregation: derived metrics, change from baseline, medians, quartiles, direction."""

import statistics
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programs import METRICS, KpiObservation, UnknownMetric, change_from_baseline, derive

BASE = date(2023, 1, 1)
MID = date(2023, 7, 1)
FOLLOW = date(2024, 1, 1)


def obs(supplier, metric, value, when, baseline=False):
    return KpiObservation(supplier, metric, value, when, baseline)


OBSERVATIONS = [
    obs(1, "sales", 100, BASE, True),
    obs(1, "sales", 120, MID),
    obs(1, "sales", 150, FOLLOW),
    obs(2, "sales", 200, BASE, True),
    obs(2, "sales", 180, FOLLOW),
    obs(3, "sales", 0, BASE, True),
    obs(3, "sales", 30, FOLLOW),
    obs(4, "sales", 999, FOLLOW),  # no baseline: ignored
    obs(5, "sales", 50, BASE, True),  # no follow-up: ignored
    obs(1, "employees", 10, BASE, True),
    obs(1, "employees", 12, FOLLOW),
    obs(1, "export_sales", 10, BASE, True),
    obs(1, "export_sales", 30, FOLLOW),
    obs(1, "defect_rate", 0.05, BASE, True),
    obs(1, "defect_rate", 0.02, FOLLOW),
    obs(2, "defect_rate", 0.03, BASE, True),
    obs(2, "defect_rate", 0.04, FOLLOW),
]


def test_median_quartiles_and_improved_share():
    sales = change_from_baseline(OBSERVATIONS)["sales"]
    # Changes -20, +30, +50; the supplier without a baseline and the one without follow-up drop.
    assert sales.n == 3
    assert sales.median_change == 30
    assert sales.quartiles == pytest.approx((5, 30, 40))
    # Percent change skips the zero baseline: median of +50% and -10%.
    assert sales.median_pct_change == pytest.approx(20)
    assert sales.improved_share == pytest.approx(2 / 3)
    assert sales.higher_is_better


def test_defect_rate_lower_is_better():
    defects = change_from_baseline(OBSERVATIONS)["defect_rate"]
    assert not defects.higher_is_better
    assert defects.n == 2
    assert defects.median_change == pytest.approx(-0.01)
    assert defects.improved_share == 0.5


def test_derived_metrics():
    derived = {(o.supplier_id, o.metric, o.observed_on): o.value for o in derive(OBSERVATIONS)}
    assert derived[(1, "labour_productivity", BASE)] == 10
    assert derived[(1, "labour_productivity", FOLLOW)] == 12.5
    assert derived[(1, "export_share", FOLLOW)] == pytest.approx(0.2)
    # Supplier 3 had zero sales at baseline: no export share can be derived.
    assert (3, "labour_productivity", BASE) not in derived
    changes = change_from_baseline(OBSERVATIONS)
    assert changes["labour_productivity"].median_change == pytest.approx(2.5)
    assert changes["export_share"].median_change == pytest.approx(0.1)
    assert "export_share" not in change_from_baseline(OBSERVATIONS, include_derived=False)


def test_observed_derived_value_is_not_overwritten_and_derive_is_idempotent():
    given_share = [
        obs(1, "sales", 100, BASE, True),
        obs(1, "export_sales", 10, BASE, True),
        obs(1, "export_share", 0.5, BASE, True),
    ]
    shares = [o.value for o in derive(given_share) if o.metric == "export_share"]
    assert shares == [0.5]
    once = derive(OBSERVATIONS)
    assert sorted(map(repr, derive(once))) == sorted(map(repr, once))


def test_summary_order_and_unknown_metric():
    assert list(change_from_baseline(OBSERVATIONS)) == [
        key for key in METRICS if key in change_from_baseline(OBSERVATIONS)
    ]
    with pytest.raises(UnknownMetric):
        change_from_baseline([obs(1, "happiness", 1, BASE, True)])


@given(st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6)), min_size=1, max_size=30))
def test_summary_matches_statistics_module(pairs):
    observations = []
    for supplier, (before, after) in enumerate(pairs):
        observations += [
            obs(supplier, "on_time_delivery", before, BASE, True),
            obs(supplier, "on_time_delivery", after, FOLLOW),
        ]
    change = change_from_baseline(observations)["on_time_delivery"]
    deltas = [after - before for before, after in pairs]
    assert change.n == len(pairs)
    assert change.median_change == pytest.approx(statistics.median(deltas))
    p25, p50, p75 = change.quartiles
    assert p25 <= p50 <= p75
    assert 0 <= change.improved_share <= 1
