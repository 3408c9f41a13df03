"""The supplier directory: full-text search in es/pt/en with accents and stems, filters, facet
counts, sort, pages, what anonymous visitors see, and the profile a buyer opens."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from supplierlink.catalogue.models import Standard
from supplierlink.directory.search import DirectoryQuery, search_suppliers
from supplierlink.requirements.services import RequirementData, post_requirement
from supplierlink.suppliers.services import (
    CertificationData,
    ProfileData,
    add_certification,
    save_profile,
    set_certification_status,
)


@pytest.fixture
def make_supplier(app, session, make_org, make_user):
    def make(name, text="", codes=(), regions=("CL-AN",), capacity=None, published=True,
             standards=(), verified=(), **org):
        with app.app_context():
            supplier = make_org("sme", legal_name=name, published=published, **org)
            save_profile(session, supplier, ProfileData(
                capabilities_text=text, capacity=capacity,
                capacity_unit="t_month" if capacity is not None else None,
                category_codes=list(codes), regions=list(regions)), supplier.employees)
            for key in standards:
                standard = session.scalar(select(Standard).where(Standard.key == key))
                cert = add_certification(session, supplier, CertificationData(
                    standard=standard, expires_on=date.today() + timedelta(days=400)))
                if key in verified:
                    admin = make_user(None, is_admin=True)
                    set_certification_status(session, cert, "verified", admin)
            session.flush()
            return supplier

    return make


def _names(session, app, **query):
    with app.app_context():
        result = search_suppliers(session, DirectoryQuery(**query), public_only=False)
    from supplierlink.organisations.models import Organisation

    return [session.get(Organisation, i).legal_name for i in result.ids], result


def test_words_match_without_accents_and_through_stems(app, session, reference_data,
                                                       make_supplier):
    make_supplier("Maestranza Alfa", "Mantención de correas transportadoras y poleas",
                  codes=["20101501"])
    make_supplier("Limpiezas Beta", "Industrial cleaning services for mining plants")
    make_supplier("Serviços Gama", "Manutenção elétrica de subestações")
    assert _names(session, app, text="mantencion")[0] == ["Maestranza Alfa"]
    assert _names(session, app, text="correa transportadora")[0] == ["Maestranza Alfa"]
    assert _names(session, app, text="cleaned plant")[0] == ["Limpiezas Beta"]
    assert _names(session, app, text="manutencao eletrica")[0] == ["Serviços Gama"]
    assert _names(session, app, text="maestranza")[0] == ["Maestranza Alfa"]
    assert _names(session, app, text="nothing like this")[0] == []


def test_filters_facets_and_sort(app, session, reference_data, make_supplier):
    make_supplier("A Uno", "correas", codes=["20101501"], regions=["CL-AN"], capacity=100,
                  standards=["iso-9001"], verified=["iso-9001"], employees=5)
    make_supplier("B Dos", "correas", codes=["20101501"], regions=["CL"], capacity=10,
                  standards=["iso-9001"], employees=30)
    make_supplier("C Tres", "correas", regions=["PE-ARE"], country="PE", tax_id="20100070970",
                  region="PE-ARE", employees=300)
    # category with its descendants: the family 20100000 holds 20101501
    assert _names(session, app, category="20100000", sort="name")[0] == ["A Uno", "B Dos"]
    # a supplier serving the whole of Chile serves Antofagasta
    assert _names(session, app, region="CL-AN", sort="name")[0] == ["A Uno", "B Dos"]
    assert _names(session, app, country="PE")[0] == ["C Tres"]
    assert _names(session, app, size="micro")[0] == ["A Uno"]
    assert _names(session, app, standard="iso-9001", sort="name")[0] == ["A Uno", "B Dos"]
    assert _names(session, app, standard="iso-9001", verified_only=True)[0] == ["A Uno"]
    assert _names(session, app, min_capacity=50)[0] == ["A Uno"]
    assert _names(session, app, sort="capacity", text="correas")[0][:2] == ["A Uno", "B Dos"]
    assert _names(session, app, sort="size")[0] == ["C Tres", "B Dos", "A Uno"]
    names, result = _names(session, app, text="correas")
    assert result.total == 3
    assert dict(result.facets["country"]) == {"CL": 2, "PE": 1}
    assert dict(result.facets["size"]) == {"micro": 1, "small": 1, "large": 1}
    assert dict(result.facets["standard"]) == {"iso-9001": 2}


def test_pages(app, session, reference_data, make_supplier):
    for i in range(25):
        make_supplier(f"Proveedor {i:02d}", "soldadura")
    with app.app_context():
        first = search_suppliers(session, DirectoryQuery(text="soldaduras", sort="name"),
                                 public_only=False)
        second = search_suppliers(session, DirectoryQuery(text="soldaduras", sort="name",
                                                          page=2), public_only=False)
    assert (first.total, first.pages, len(first.ids), len(second.ids)) == (25, 2, 20, 5)
    assert not set(first.ids) & set(second.ids)


def test_anonymous_visitors_see_only_published_suppliers(client, session, reference_data,
                                                          make_supplier, login):
    make_supplier("Visible SpA", "correas")
    hidden = make_supplier("Oculta SpA", "correas", published=False)
    login(None)
    page = client.get("/directory/?q=correas").get_data(as_text=True)
    assert "Visible SpA" in page and "Oculta SpA" not in page
    assert client.get(f"/directory/{hidden.id}").status_code == 404


def test_buyer_searches_all_and_sees_fit_to_open_requirements(
        client, session, app, reference_data, make_org, make_user, make_supplier, login):
    hidden = make_supplier("Oculta Correas SpA", "correas transportadoras",
                           codes=["20101501"], regions=["CL-AN"], published=False)
    buyer = make_org("lead_firm")
    user = make_user(buyer)
    with app.app_context():
        post_requirement(session, buyer, user, RequirementData(
            title="Correas para Escondida", category_codes=["20101501"], regions=["CL-AN"],
            need_date=date.today() + timedelta(days=60)), publish=True)
    login(user, buyer)
    client.set_cookie("lang", "en")
    page = client.get("/directory/?q=correa").get_data(as_text=True)
    assert "Oculta Correas SpA" in page
    profile = client.get(f"/directory/{hidden.id}").get_data(as_text=True)
    assert "Correas para Escondida" in profile and "Fit" in profile


def test_query_parameters_are_checked(client, session, login):
    login(None)
    response = client.get("/directory/?capacity=abc&stage=x&page=-3&sort=evil&size=huge")
    assert response.status_code == 200


def test_rebuilding_the_index_finds_the_same(app, session, reference_data, make_supplier):
    from supplierlink.directory.documents import rebuild_directory

    make_supplier("Maestranza Alfa", "Mantención de correas transportadoras")
    make_supplier("Limpiezas Beta", "Industrial cleaning services")
    before = _names(session, app, text="mantencion")[0]
    with app.app_context():
        assert rebuild_directory(session) == 2
        session.flush()
    assert _names(session, app, text="mantencion")[0] == before == ["Maestranza Alfa"]
    assert _names(session, app, text="cleaning")[0] == ["Limpiezas Beta"]

