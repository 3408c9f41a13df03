from datetime import date

from sqlalchemy import func, select

from supplierlink.auth.models import User
from supplierlink.demo import DEMO_PASSWORD, SME_COUNT, demo_logins, load_demo
from supplierlink.organisations.models import Organisation
from supplierlink.requirements.models import Requirement
from supplierlink.suppliers.models import Certification, SupplierProfile

TODAY = date(2026, 11, 22)


def count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_builds_the_mining_cluster_scenario(app, session):
    with app.app_context():  # the demo's notices are e-mailed with the app's settings
        assert load_demo(session, today=TODAY) is True
    kinds = dict(session.execute(
        select(Organisation.kind, func.count()).group_by(Organisation.kind)).all())
    assert kinds["lead_firm"] >= 3
    assert kinds["sme"] == SME_COUNT == 300
    assert kinds["programme_operator"] == 1
    assert {c for (c,) in session.execute(select(Organisation.country).distinct())} >= {"CL", "PE"}
    assert count(session, SupplierProfile) == SME_COUNT
    assert count(session, Requirement) == 25
    assert count(session, Requirement, Requirement.status == "open") >= 20
    certs = session.scalars(select(Certification)).all()
    assert any(c.effective_status(TODAY) == "expired" for c in certs)
    assert any(c.status == "self_declared" for c in certs)
    assert any(c.status == "verified" for c in certs)
    titles = [t for (t,) in session.execute(select(Requirement.title))]
    assert any("Mantención" in t for t in titles) and any("maintenance" in t for t in titles)
    for _role, email in demo_logins():
        assert count(session, User, User.email == email) == 1
    assert DEMO_PASSWORD


def _snapshot(session):
    orgs = session.execute(select(Organisation.legal_name, Organisation.tax_id,
                                  Organisation.employees).order_by(Organisation.tax_id)).all()
    reqs = session.execute(select(Requirement.title, Requirement.need_date, Requirement.status)
                           .order_by(Requirement.title)).all()
    certs = session.execute(select(Certification.status, Certification.issued_on,
                                   Certification.expires_on).order_by(Certification.id)).all()
    return orgs, reqs, certs


def test_demo_is_deterministic_and_loads_only_into_an_empty_database(app, session):
    with app.app_context():
        savepoint = session.begin_nested()
        load_demo(session, today=TODAY)
        first = _snapshot(session)
        savepoint.rollback()
        assert count(session, Organisation) == 0
        load_demo(session, today=TODAY)
        assert _snapshot(session) == first
        assert load_demo(session, if_empty=True, today=TODAY) is False
        assert count(session, Organisation) == len(first[0])
