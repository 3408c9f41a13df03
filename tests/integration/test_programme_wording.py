from datetime import date
from types import SimpleNamespace

import programs
from supplierlink.programmes.wording import describe_flag, milestone_title, plan_item_title


def test_overdue_plan_items_are_named_by_their_subject(app):
    item = SimpleNamespace(id=7, action_key="renew_certification",
                           params={"standard_name": "ISO 45001", "standard": "iso-45001"})
    flag = programs.RiskFlag("plan_item_overdue", {"plan_item_id": 7,
                                                    "action_key": "renew_certification",
                                                    "due": date(2026, 1, 1), "days_overdue": 12},
                             "warning")
    with app.test_request_context(headers={"Accept-Language": "es"}):
        title = plan_item_title(item)
        assert "ISO 45001" in title
        text = describe_flag(flag, programs.DEFAULT_LADDER, {7: title})
        assert "ISO 45001" in text and "12" in text
        assert milestone_title("Diagnostic visit") == "Visita de diagnóstico"
        assert milestone_title("Visita a faena") == "Visita a faena"
