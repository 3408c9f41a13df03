"""Fixtures of the functional tests: a world of organisations for every actor."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass
class World:
    """Two organisations of each kind, each with an owner, a lead firm invited to sponsor that
    has not answered, an SME offered enrolment that has not answered, an administrator and a
    verifier (the invitation and the offer are made by the programmes module's arrange)."""

    app: object
    session: object
    make_org: object
    make_user: object
    orgs: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)


@pytest.fixture
def world(app, session, make_org, make_user, reference_data):
    w = World(app, session, make_org, make_user)
    for actor, kind in (("buyer", "lead_firm"), ("other_buyer", "lead_firm"),
                        ("invited_buyer", "lead_firm"), ("sme", "sme"), ("other_sme", "sme"),
                        ("offered_sme", "sme"), ("manager", "programme_operator"),
                        ("other_manager", "programme_operator")):
        w.orgs[actor] = make_org(kind)
        w.users[actor] = make_user(w.orgs[actor])
    w.users["admin"] = make_user(None, is_admin=True)
    w.users["verifier"] = make_user(None)
    w.users["verifier"].is_verifier = True
    session.flush()
    return w
