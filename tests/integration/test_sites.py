"""Delivery sites and supplier towns: stored tidy, validated, passed to the engine (awards
carry the site they were delivered to) and counted in the ranking; editing an SME's
organisation profile keeps the engine and the stored results current."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from supplierlink.db import app_of
from supplierlink.errors import ServiceError
from supplierlink.matches.models import MatchResult
from supplierlink.matches.profiles import load_profiles, requirement_spec
from supplierlink.matches.services import rank_requirement, reset_engine_cache
from supplierlink.organisations.services import OrganisationData, update_organisation
from supplierlink.requirements.models import Requirement
from supplierlink.requirements.services import (
    RequirementData,
    change_status,
    create_requirement,
    post_requirement,
    update_requirement,
)
from supplierlink.requirements.workflow import act_on_candidate
from supplierlink.suppliers.applications import apply_to_requirement
from supplierlink.suppliers.services import ProfileData, update_profile

CODE = "73152100"


def _award(session, req, sme):
    """A past award: the SME applied and the buyer awarded it (an override when the engine
    did not rank it as qualified)."""
    apply_to_requirement(session, sme, None, req, "Postulamos")
    return act_on_candidate(session, req, sme, "award", None, override_reason="Historial")


def _requirement(session, buyer, title="Mantención de chancador", site=None):
    return create_requirement(session, buyer, None, RequirementData(
        title=title, category_codes=[CODE], regions=["CL-AN"], delivery_site=site))


def _supplier(session, make_org, **fields):
    sme = make_org("sme", **fields)
    update_profile(session, sme, ProfileData(category_codes=[CODE], regions=["CL"]))
    return sme


def _org_data(org, **changes):
    fields = dict(kind=org.kind, legal_name=org.legal_name, country=org.country,
                  tax_id=org.tax_id, region=org.region, town=org.town,
                  employees=org.employees, description=org.description)
    fields.update(changes)
    return OrganisationData(**fields)


def test_a_delivery_site_is_kept_tidy_and_reaches_the_engine(app, session, reference_data,
                                                             make_org):
    with app.app_context():
        buyer = make_org("lead_firm")
        req = _requirement(session, buyer, site="  Calama   Norte ")
        assert req.delivery_site == "Calama Norte"
        assert requirement_spec(req).site == "Calama Norte"
        update_requirement(session, req, RequirementData(
            title=req.title, category_codes=[CODE], regions=["CL-AN"], delivery_site=" "),
            req.version)
        assert req.delivery_site is None and requirement_spec(req).site is None


def test_a_too_long_site_or_town_is_refused_and_changes_nothing(app, session, reference_data,
                                                               make_org):
    with app.app_context():
        buyer = make_org("lead_firm")
        before = session.scalar(select(func.count()).select_from(Requirement))
        with pytest.raises(ServiceError) as refused:
            _requirement(session, buyer, site="x" * 121)
        assert set(refused.value.errors) == {"delivery_site"}
        assert session.scalar(select(func.count()).select_from(Requirement)) == before
        sme = make_org("sme", town="Antofagasta")
        with pytest.raises(ServiceError) as refused:
            update_organisation(session, sme, _org_data(sme, town="y" * 121))
        assert set(refused.value.errors) == {"town"}
        session.refresh(sme)
        assert sme.town == "Antofagasta"


def test_profiles_carry_the_town_and_the_site_of_each_award(app, session, reference_data,
                                                           make_org):
    with app.app_context():
        buyer = make_org("lead_firm")
        sme = _supplier(session, make_org, town="Calama")
        req = _requirement(session, buyer, site="Sierra Gorda")
        change_status(session, req, "open")
        _award(session, req, sme)
        (profile,) = load_profiles(session, [sme.id])
        assert profile.locality == "Calama"
        assert [(a.code, a.buyer_id, a.site) for a in profile.awards] == [
            (CODE, str(buyer.id), "Sierra Gorda")]


def test_suppliers_the_buyer_awarded_at_the_site_rank_higher_there(app, session,
                                                                  reference_data, make_org):
    with app.app_context():
        buyer = make_org("lead_firm")
        here, there = _supplier(session, make_org), _supplier(session, make_org)
        for sme, site in ((here, "Calama"), (there, "Mejillones")):
            past = _requirement(session, buyer, title=f"Servicio en {site}", site=site)
            change_status(session, past, "open")
            _award(session, past, sme)
        session.flush()
        reset_engine_cache(app_of(session))

        def scores(site):
            req = _requirement(session, buyer, site=site)
            result = rank_requirement(session, req)
            return {item.supplier_id: item.score for item in result.ranked}

        at_calama, anywhere = scores("calama"), scores(None)
        assert at_calama[str(here.id)] > at_calama[str(there.id)]
        assert anywhere[str(here.id)] == anywhere[str(there.id)]


def test_editing_an_sme_profile_re_ranks_the_open_requirements(app, session, reference_data,
                                                              make_org):
    with app.app_context():
        buyer = make_org("lead_firm")
        sme = _supplier(session, make_org, description="")
        req = post_requirement(session, buyer, None, RequirementData(
            title="Revestimiento de molinos SAG", category_codes=[CODE], regions=["CL-AN"]),
            publish=True)
        session.commit()  # ranking runs after the commit

        def stored():
            session.expire_all()
            return session.scalar(select(MatchResult.score).where(
                MatchResult.requirement_id == req.id, MatchResult.supplier_id == sme.id))

        before = stored()
        update_organisation(session, sme, _org_data(
            sme, description="Revestimiento de molinos SAG y chancadores", town="Calama"))
        session.commit()  # ranking runs after the commit
        assert stored() > before
