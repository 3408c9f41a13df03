"""Comparison-group selection and the CSV rows for a programme evaluation."""

from datetime import date

from programs import (
    COMPARISON_CSV_COLUMNS,
    KpiObservation,
    SupplierProfile,
    comparison_rows,
    select_comparison_group,
    size_class_for,
)

E1 = SupplierProfile("E1", "CL", 20)
E2 = SupplierProfile("E2", "CL", 200)
E3 = SupplierProfile("E3", "PE", 5)
CANDIDATES = [
    SupplierProfile("C1", "CL", 25),
    SupplierProfile("C2", "CL", 18),
    SupplierProfile("C3", "CL", 60),
    SupplierProfile("C4", "AR", 20),
    SupplierProfile("C5", "CL", 300),
    E1,  # enrolled suppliers never serve as their own comparison
]


def _ids(matches):
    return {key: [c.supplier_id for c in chosen] for key, chosen in matches.items()}


def test_size_classes():
    assert [size_class_for(n) for n in (1, 10, 11, 50, 51, 250, 251)] == [
        "micro",
        "micro",
        "small",
        "small",
        "medium",
        "medium",
        "large",
    ]
    assert SupplierProfile("X", "CL", 500, size_class="medium").effective_size_class == "medium"


def test_same_country_same_size_closest_employees():
    matches = select_comparison_group([E2, E1, E3], CANDIDATES)
    assert _ids(matches) == {"E1": ["C2"], "E2": ["C3"], "E3": []}


def test_several_per_enrolled_and_no_reuse():
    assert _ids(select_comparison_group([E1], CANDIDATES, per_enrolled=2)) == {"E1": ["C2", "C1"]}
    e4 = SupplierProfile("E4", "CL", 19)
    assert _ids(select_comparison_group([e4, E1], CANDIDATES)) == {"E1": ["C2"], "E4": ["C1"]}


def test_rows_for_csv():
    observations = [
        KpiObservation("E1", "sales", 100, date(2023, 1, 1), True),
        KpiObservation("E1", "sales", 160, date(2024, 1, 1), False),
        KpiObservation("C2", "sales", 90, date(2023, 1, 1), False),
        KpiObservation("C2", "sales", 95, date(2024, 1, 1), False),
        KpiObservation("C1", "employees", 25, date(2023, 1, 1), True),  # not matched: not listed
    ]
    rows = comparison_rows([E1], CANDIDATES, observations)
    assert [tuple(row.as_dict()[c] for c in COMPARISON_CSV_COLUMNS) for row in rows] == [
        ("E1", "enrolled", None, "sales", 100, 160),
        ("C2", "comparison", "E1", "sales", 90, 95),
    ]
    with_metrics = comparison_rows(
        [E1, E3], CANDIDATES, observations, metrics=["sales", "defect_rate"]
    )
    assert [(r.supplier_id, r.metric, r.baseline, r.latest) for r in with_metrics] == [
        ("E1", "sales", 100, 160),
        ("E1", "defect_rate", None, None),
        ("C2", "sales", 90, 95),
        ("C2", "defect_rate", None, None),
        ("E3", "sales", None, None),
        ("E3", "defect_rate", None, None),
    ]
