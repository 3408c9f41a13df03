"""Factory fixtures: callables with sensible defaults, built through the services."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from supplierlink.auth.services import add_member, create_user
from supplierlink.auth.sessions import start_session
from supplierlink.catalogue.services import load_reference_data
from supplierlink.organisations.services import OrganisationData, create_organisation
from supplierlink.organisations.taxids import rut_check_digit

PASSWORD = "correct horse battery"
_serial = itertools.count(1)


def committed(app, work):
    """Call ``work(session)`` in ``app`` in a transaction of its own and commit it: for data
    that other processes (a worker, a live server) must see."""
    from supplierlink.db import get_db

    with app.app_context():
        session = get_db(app).session_factory()
        try:
            result = work(session)
            session.commit()
            return result
        finally:
            session.close()


def valid_rut(serial: int) -> str:
    body = str(77_000_000 + serial * 37)
    return f"{body}-{rut_check_digit(body)}"


@pytest.fixture
def reference_data(app, session):
    with app.app_context():
        load_reference_data(session)
        session.flush()


@pytest.fixture
def make_org(app, session):
    def make(kind: str = "sme", **overrides):
        with app.app_context():
            return _make(kind, **overrides)

    def _make(kind, **overrides):
        serial = next(_serial)
        data = OrganisationData(
            kind=kind, legal_name=overrides.pop("legal_name", f"Empresa {serial} SpA"),
            country=overrides.pop("country", "CL"),
            tax_id=overrides.pop("tax_id", valid_rut(serial)),
            region=overrides.pop("region", "CL-AN"),
            employees=overrides.pop("employees", 25), **overrides,
        )
        org = create_organisation(session, data)
        session.flush()
        return org

    return make


@pytest.fixture
def make_user(app, session):
    def make(org=None, role: str = "owner", **overrides):
        with app.app_context():
            return _make(org, role, **overrides)

    def _make(org, role, **overrides):
        serial = next(_serial)
        user = create_user(session, overrides.pop("email", f"user{serial}@example.org"),
                           overrides.pop("name", f"User {serial}"),
                           overrides.pop("password", PASSWORD), **overrides)
        if org is not None:
            add_member(session, user, org, role=role)
        session.flush()
        return user

    return make


@pytest.fixture
def login(client, session):
    """Sign ``user`` in on the test client (``None`` signs out)."""

    def do(user, org=None):
        if user is not None:
            start_session(session, user)  # a server-side session, as signing in makes
        session.commit()  # make the arranged rows visible to the request's session
        with client.session_transaction() as sess:
            sess.clear()
            if user is not None:
                sess["_user_id"] = user.get_id()
                sess["_fresh"] = True
                if org is not None:
                    sess["org_id"] = org.id
        return user

    return do


@pytest.fixture
def future():
    return lambda days=90: date.today() + timedelta(days=days)


@pytest.fixture
def outbox(app):
    """The messages the app sent (``MAIL_URL`` is a folder in the tests), oldest first."""
    import email
    from email import policy
    from pathlib import Path

    folder = Path(app.config["MAIL_URL"].removeprefix("file://"))
    for old in folder.glob("*.eml"):
        old.unlink()

    def read():
        files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime_ns)
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]

    return read


@pytest.fixture
def make_cluster_world(app, session, make_org, make_user, reference_data):
    """A small cluster: an operator (with a user) managing "Norte" (CL-AN and CL-AT, sector
    2010), SMEs with capabilities there (and one outside the territory), a lead firm with a
    user. Returns a namespace; ``sme(region, employees, **profile)`` adds members."""
    from types import SimpleNamespace

    from supplierlink.clusters.services import ClusterData, create_cluster
    from supplierlink.suppliers.services import ProfileData, update_profile

    def sme(region="CL-AN", employees=25, codes=("20101501",), published=True):
        with app.app_context():
            org = make_org("sme", region=region, employees=employees, published=published)
            update_profile(session, org, ProfileData(category_codes=list(codes),
                                                     regions=[region]))
            session.flush()
            return org

    def make():
        with app.app_context():
            operator = make_org("programme_operator")
            manager = make_user(operator)
            buyer = make_org("lead_firm", region="CL-AN")
            buyer_user = make_user(buyer)
            cluster = create_cluster(session, operator, manager, ClusterData(
                name="Norte", country="CL", regions=["CL-AN", "CL-AT"], sectors=["2010"],
                key_standards=["iso-9001"]))
            session.flush()
        return SimpleNamespace(operator=operator, manager=manager, buyer=buyer,
                               buyer_user=buyer_user, cluster=cluster, sme=sme)

    return make
