"""Risk flags for an enrolment, one kind at a time, and the at-risk rule."""

from datetime import date, timedelta

from programs import (
    CertificateSnapshot,
    EnrolmentSnapshot,
    MilestoneState,
    PlanItemSnapshot,
    RiskFlag,
    at_risk,
    risk_flags,
)

TODAY = date(2024, 9, 1)


def _snapshot(**overrides):
    values = {
        "enrolment_id": 1,
        "stage_key": "diagnosed",
        "stage_entered_on": TODAY - timedelta(days=10),
    }
    values.update(overrides)
    return EnrolmentSnapshot(**values)


def _kinds(flags):
    return [(flag.kind, flag.severity) for flag in flags]


def test_healthy_enrolment_has_no_flags():
    flags = risk_flags(_snapshot(), TODAY)
    assert flags == [] and not at_risk(flags)


def test_late_milestones():
    milestones = [
        MilestoneState(1, "diagnosed", "Diagnostic visit", TODAY - timedelta(days=5)),
        MilestoneState(2, "diagnosed", "Gap report", TODAY - timedelta(days=45)),
        MilestoneState(3, "diagnosed", "Done", TODAY - timedelta(days=45), TODAY, 2),
        MilestoneState(4, "plan_agreed", "Not due", TODAY),
    ]
    flags = risk_flags(_snapshot(milestones=milestones), TODAY)
    assert _kinds(flags) == [("milestone_late", "critical"), ("milestone_late", "warning")]
    assert flags[0].params["milestone_id"] == 2 and flags[0].params["days_late"] == 45


def test_stalled_stage():
    assert risk_flags(_snapshot(stage_entered_on=TODAY - timedelta(days=90)), TODAY) == []
    (flag,) = risk_flags(_snapshot(stage_entered_on=TODAY - timedelta(days=91)), TODAY)
    assert (flag.kind, flag.severity, flag.params["days_in_stage"]) == (
        "stage_stalled",
        "warning",
        91,
    )
    (flag,) = risk_flags(_snapshot(stage_entered_on=TODAY - timedelta(days=200)), TODAY)
    assert flag.severity == "critical"
    custom = risk_flags(
        _snapshot(stage_entered_on=TODAY - timedelta(days=40)), TODAY, stall_days=30
    )
    assert _kinds(custom) == [("stage_stalled", "warning")]


def test_graduated_supplier_never_stalls():
    snapshot = _snapshot(stage_key="world_class", stage_entered_on=date(2020, 1, 1))
    assert risk_flags(snapshot, TODAY) == []


def test_certificates_expiring_and_expired():
    certificates = [
        CertificateSnapshot("ISO 9001", TODAY + timedelta(days=45)),
        CertificateSnapshot("ISO 14001", TODAY + timedelta(days=10)),
        CertificateSnapshot("HACCP", TODAY - timedelta(days=1)),
        CertificateSnapshot("ISO 45001", TODAY + timedelta(days=61)),
        CertificateSnapshot("FSSC 22000", None),
        CertificateSnapshot("AS9100", TODAY - timedelta(days=3), status="revoked"),
    ]
    flags = risk_flags(_snapshot(certificates=certificates), TODAY)
    assert [(f.kind, f.severity, f.params["standard"]) for f in flags] == [
        ("certificate_expired", "critical", "HACCP"),
        ("certificate_expiring", "warning", "ISO 14001"),
        ("certificate_expiring", "info", "ISO 9001"),
    ]
    wider = risk_flags(_snapshot(certificates=certificates), TODAY, expiry_warning_days=90)
    assert "ISO 45001" in {f.params["standard"] for f in wider}


def test_overdue_plan_items():
    items = [
        PlanItemSnapshot(1, "obtain_certification", TODAY - timedelta(days=3)),
        PlanItemSnapshot(2, "renew_certification", TODAY - timedelta(days=3), TODAY),
        PlanItemSnapshot(3, "increase_capacity", TODAY - timedelta(days=31)),
    ]
    flags = risk_flags(_snapshot(plan_items=items), TODAY)
    assert [(f.params["plan_item_id"], f.severity) for f in flags] == [
        (3, "critical"),
        (1, "warning"),
    ]
    assert all(f.kind == "plan_item_overdue" for f in flags)


def test_at_risk_threshold():
    info = RiskFlag("certificate_expiring", {}, "info")
    warning = RiskFlag("milestone_late", {}, "warning")
    critical = RiskFlag("certificate_expired", {}, "critical")
    assert not at_risk([info])
    assert at_risk([info, warning])
    assert not at_risk([warning], min_severity="critical")
    assert at_risk([critical], min_severity="critical")
