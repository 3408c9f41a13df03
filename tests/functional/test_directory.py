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
    get_profile,
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



# ------------------------------------------------------------- publication, field by field

#: For each field an SME may keep to itself: a search that finds it by that field alone, and
#: what its public page shows of that field.
FIELD_CASES = {
    "description": ({"text": "bronce"}, "Fundición de bronce"),
    "categories": ({"category": "20100000"}, "20101501"),
    "location": ({"text": "Calama"}, "Calama"),
    "regions": ({"region": "CL-AT"}, "(CL-AT)"),
    "size": ({"size": "micro"}, "Micro (up to 10 employees)"),
    "capacity": ({"min_capacity": 50}, "t_month"),
    "certificates": ({"standard": "iso-9001"}, "ISO 9001"),
    "exports": (None, "United States"),
    "contact": (None, "reservada.example"),
    "stage": ({"min_stage": 2}, None),
}


@pytest.fixture
def reserved(app, session, reference_data, make_supplier):
    """An SME that declares every field (and publishes everything to begin with)."""
    from supplierlink.directory.publication import FIELDS, set_publication
    from supplierlink.suppliers.services import add_export

    supplier = make_supplier("Reservada SpA", "Fundición de bronce", codes=["20101501"],
                             regions=["CL-AT"], capacity=100, standards=["iso-9001"],
                             verified=["iso-9001"], employees=5, town="Calama",
                             website="https://reservada.example")
    with app.app_context():
        add_export(session, supplier, "US", 2025)
        get_profile(session, supplier).programme_stage = 3
        set_publication(session, supplier, True, FIELDS)
        session.flush()
    return supplier


def _public(session, app, **query):
    with app.app_context():
        return search_suppliers(session, DirectoryQuery(**query), public_only=True)


@pytest.mark.parametrize("field", list(FIELD_CASES))
def test_a_field_kept_back_is_neither_shown_nor_searched_nor_counted(
        field, app, session, client, login, reserved):
    from supplierlink.directory.publication import FIELDS, set_publication

    query, shown = FIELD_CASES[field]
    login(None)
    client.set_cookie("lang", "en")
    if query is not None:  # published, the field alone finds the SME
        assert _public(session, app, **query).ids == [reserved.id]
    if shown is not None:
        assert shown in client.get(f"/directory/{reserved.id}").get_data(as_text=True)
    with app.app_context():
        set_publication(session, reserved, True, [f for f in FIELDS if f != field])
        session.flush()
    if query is not None:
        assert _public(session, app, **query).ids == []  # neither matched nor filtered on
        assert _names(session, app, **query)[1].ids == [reserved.id]  # buyers still find it
    if shown is not None:
        login(None)
        page = client.get(f"/directory/{reserved.id}").get_data(as_text=True)
        assert "Reservada SpA" in page and shown not in page
        listing = client.get("/directory/?q=reservada").get_data(as_text=True)
        card = listing.split('<section class="results"', 1)[1].split("</section>", 1)[0]
        assert "Reservada SpA" in card and shown not in card
    facets = _public(session, app, text="reservada").facets
    counted = {"size": ("size", "micro"), "regions": ("region", "CL-AT"),
               "certificates": ("standard", "iso-9001")}
    for kept, (facet, value) in counted.items():
        assert (value in dict(facets[facet])) == (kept != field)


def test_a_field_kept_back_sorts_as_missing(app, session, make_supplier, reserved):
    from supplierlink.directory.publication import FIELDS, set_publication

    make_supplier("Abierta SpA", "bronce", capacity=10, employees=30)
    with app.app_context():
        set_publication(session, reserved, True, [f for f in FIELDS if f != "capacity"])
        session.flush()
    by_capacity = {"text": "bronce", "sort": "capacity"}
    assert _names(session, app, **by_capacity)[0] == ["Reservada SpA", "Abierta SpA"]
    with app.app_context():
        public = search_suppliers(session, DirectoryQuery(**by_capacity), public_only=True)
    assert public.ids[-1] == reserved.id and public.total == 2


def test_an_sme_out_of_the_public_directory_shows_nothing_whatever_its_fields(
        app, session, reserved):
    from supplierlink.directory.publication import FIELDS, set_publication

    with app.app_context():
        set_publication(session, reserved, False, FIELDS)
        session.flush()
    assert _public(session, app, text="reservada").ids == []
    assert _names(session, app, text="reservada")[1].ids == [reserved.id]


def test_the_owner_chooses_the_fields_and_bad_choices_change_nothing(
        client, session, login, make_user, reserved):
    from supplierlink.directory.publication import DEFAULT_FIELDS, published_fields

    owner = make_user(reserved)
    login(owner, reserved)
    client.set_cookie("lang", "en")
    assert "Categories offered" in client.get("/directory/listing").get_data(as_text=True)
    refused = client.post("/directory/listing", data={"published": "y",
                                                      "fields": ["description", "salary"]})
    assert refused.status_code == 422
    session.refresh(reserved)
    assert published_fields(reserved) == frozenset(FIELD_CASES)  # unchanged
    saved = client.post("/directory/listing", data={"published": "y",
                                                    "fields": ["description", "regions"]})
    assert saved.status_code == 302
    session.refresh(reserved)
    assert reserved.published and published_fields(reserved) == {"description", "regions"}
    assert frozenset(FIELD_CASES) - {"exports", "stage"} == DEFAULT_FIELDS


def test_a_new_sme_publishes_the_default_fields(app, session, make_org):
    from supplierlink.directory.publication import DEFAULT_FIELDS, published_fields

    assert published_fields(make_org("sme", published=True)) == DEFAULT_FIELDS


def test_suppliers_that_come_in_from_an_import_are_found_at_once(app, session, reference_data,
                                                                  make_supplier):
    from supplierlink import signals
    from supplierlink.organisations.models import Organisation

    kept = make_supplier("Maestranza Alfa", "Mantención de correas transportadoras")
    with app.app_context():
        imported = Organisation(kind="sme", legal_name="Fundiciones Importadas Ltda",
                                tax_country="CL", tax_id="IMP-1", country="CL",
                                description="Fundición de piezas para molinos")
        session.add(imported)
        session.flush()
        assert _names(session, app, text="fundicion")[0] == []  # rows written by an import
        signals.records_imported.send(session, organisation_ids=[imported.id])
        session.flush()
    assert _names(session, app, text="fundicion")[0] == ["Fundiciones Importadas Ltda"]
    assert _names(session, app, text="mantencion")[1].ids == [kept.id]  # the others untouched


def test_a_repeated_search_is_answered_again_until_a_supplier_changes(
        app, session, reference_data, make_supplier, monkeypatch):
    """The same search answers from the process's recent answers (one small query) while no
    supplier changed; a change through the services is seen by the next search at once, and
    an answer is not reused past its time, whatever the stamp says."""
    from sqlalchemy import event

    from supplierlink.directory import search
    from supplierlink.directory.publication import FIELDS, set_publication
    from supplierlink.organisations.models import Organisation

    first = make_supplier("Fundición Norte", "fundición de bronce", employees=8)
    make_supplier("Fundición Sur", "fundición de acero", employees=120)
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(session.get_bind().engine, "before_cursor_execute", count)
    try:
        def names(**query):
            statements.clear()
            with app.app_context():
                result = search_suppliers(session, DirectoryQuery(**query), public_only=False)
            sent = len(statements)
            return [session.get(Organisation, i).legal_name for i in result.ids], sent

        found, sent = names(text="fundición", sort="name")
        assert found == ["Fundición Norte", "Fundición Sur"] and sent > 1
        again, sent = names(text="fundición", sort="name")
        assert again == found and sent == 1  # the stamp only
        assert names(text="bronce")[0] == ["Fundición Norte"]
        with app.app_context():  # a supplier changes: the next search sees it at once
            save_profile(session, first, ProfileData(capabilities_text="mecanizado",
                                                     regions=["CL-AN"]), first.employees)
            session.flush()
        assert names(text="fundición", sort="name")[0] == found  # the name still matches
        assert names(text="bronce")[0] == []
        with app.app_context():
            set_publication(session, first, False, FIELDS)
            session.flush()
        with app.app_context():
            public = search_suppliers(session, DirectoryQuery(), public_only=True)
        assert first.id not in public.ids
        public.ids.clear()  # what a caller does with its answer is its own
        with app.app_context():
            assert search_suppliers(session, DirectoryQuery(), public_only=True).ids
        monkeypatch.setattr(search, "RECENT_SECONDS", 0.0)  # past its time: searched again
        assert names(text="fundición", sort="name")[1] > 1
    finally:
        event.remove(session.get_bind().engine, "before_cursor_execute", count)


def test_a_repeated_directory_page_is_drawn_again_until_a_supplier_changes(
        app, client, session, reference_data, make_org, make_user, make_supplier, login):
    """The directory page for the same search, visibility, language and day is drawn once
    while no supplier changed: a repeat sends no search and reads no card; a change through
    the services shows on the next page, and each viewer still sees only what they may."""
    from sqlalchemy import event

    from supplierlink.suppliers.models import Certification

    shown = make_supplier("Maestranza Uno", "maestranza de piezas", standards=["iso-9001"])
    make_supplier("Maestranza Reservada", "maestranza de ejes", published=False)
    buyer = make_org("lead_firm")
    buyer_user = make_user(buyer)
    sme = make_org("sme")
    sme_user = make_user(sme)
    statements = []

    def count(*args):
        statements.append(args[2])

    def page(url="/directory/?q=maestranza"):
        statements.clear()
        answer = client.get(url)
        assert answer.status_code == 200
        return answer.get_data(as_text=True), list(statements)

    event.listen(session.get_bind().engine, "before_cursor_execute", count)
    try:
        login(buyer_user, buyer)
        client.set_cookie("lang", "en")
        first, sent_first = page()
        assert "Maestranza Reservada" in first and "Maestranza Uno" in first
        # drawn afresh: the stamp is read once for the page and the search it recalls
        assert sum("max(supplier_search.updated_at)" in " ".join(sql.split())
                   for sql in sent_first) == 1
        assert "Supplier directory" in first and "ISO 9001" in first
        assert "badge verified" not in first
        again, sent_again = page()
        assert again == first and len(sent_again) < len(sent_first)
        # no card read, no list of standards: the search documents' stamp says nothing changed
        read = " ".join(" ".join(statement.split()) for statement in sent_again)
        assert "supplier_search" in read
        assert not any(f"FROM {table}" in read for table in (
            "capability", "certification", "service_region", "supplier_profile", "standard"))
        # the same search in another language is drawn in that language
        client.set_cookie("lang", "es")
        spanish, _ = page()
        assert "Directorio de proveedores" in spanish and "Maestranza Uno" in spanish
        client.set_cookie("lang", "en")
        # a supplier changes through the services: the next page shows it
        with app.app_context():
            cert = session.scalar(select(Certification).where(
                Certification.organisation_id == shown.id))
            set_certification_status(session, cert, "verified", make_user(None, is_admin=True))
            save_profile(session, shown, ProfileData(capabilities_text="maestranza y fundición",
                                                     regions=["CL-AN"]), shown.employees)
        session.commit()
        changed, _ = page()
        assert "badge verified" in changed and "maestranza y fundición" in changed
        # another viewer, same search: only the published supplier, whatever was kept
        login(sme_user, sme)
        public, _ = page()
        assert "Maestranza Uno" in public and "Maestranza Reservada" not in public
    finally:
        event.remove(session.get_bind().engine, "before_cursor_execute", count)
