"""Hostile values in every field of every form: never a 5xx, a message on the field, nothing
stored. First every form class on its own (every field × every value), then the forms' pages
over HTTP with every other field valid, counting every table's rows before and after."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    FileField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from supplierlink.forms import SafeForm
from supplierlink.models import Base
from supplierlink.organisations.models import Organisation
from supplierlink.programmes.models import Milestone, PlanItem
from supplierlink.requirements.models import Requirement
from supplierlink.suppliers.services import profile_version
from tests.functional.access import arranged

HOSTILE = {
    "empty": "",
    "huge": "9" * 30,
    "negative": "-1",
    "nan": "NaN",
    "inf": "Infinity",
    "overflow": "1e400",
    "long": "x" * 10_000,
    "markup": '<script>alert("x")</script><img src=x onerror=alert(1)>',
    "control": "abc\x00\x07\x1bdef",
    "old_date": "1900-01-01",
}
NUMERIC = (IntegerField, FloatField, DecimalField)
CHOICE = (SelectField, RadioField, SelectMultipleField)
UNTYPED = (BooleanField, FileField, SubmitField)


def form_classes() -> list[type]:
    found, todo = [], [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("supplierlink."):
                found.append(sub)
    return sorted(set(found), key=lambda c: c.__qualname__)


def required(field) -> bool:
    return any(isinstance(v, (DataRequired, InputRequired)) for v in field.validators)


def must_refuse(field, key: str) -> bool:
    """Whether a value is wrong for a field whatever the other fields hold."""
    if isinstance(field, UNTYPED) or field.name == "csrf_token":
        return False
    if key == "empty":
        return required(field)
    if isinstance(field, CHOICE):
        return HOSTILE[key] not in {str(c.value) for c in (field.choices or [])}
    if isinstance(field, NUMERIC + (DateField,)):
        return True
    return key in ("long", "control")  # text: too long, or control characters


def _form(app, form_class, data):
    with app.test_request_context(method="POST", data=data):
        form = form_class()
        for field in form:
            if isinstance(field, CHOICE) and field.choices is None:
                field.choices = []
        form.validate()
        return {f.name: list(f.errors) for f in form}


def test_every_form_derives_from_the_safe_form(app):
    loose = [c.__qualname__ for c in form_classes() if not issubclass(c, SafeForm)]
    assert loose == []


def test_every_text_field_has_a_length_and_every_number_a_range(app):
    problems = []
    with app.test_request_context():
        for form_class in form_classes():
            for field in form_class(formdata=None):
                if isinstance(field, UNTYPED + CHOICE + (DateField,)) \
                        or field.name == "csrf_token":
                    continue
                if isinstance(field, NUMERIC):
                    ranges = [v for v in field.validators if isinstance(v, NumberRange)]
                    if not ranges or ranges[0].min is None or ranges[0].max is None:
                        problems.append(f"{form_class.__name__}.{field.name}: no range")
                elif not any(isinstance(v, Length) and v.max and v.max < 10_000
                             for v in field.validators):
                    problems.append(f"{form_class.__name__}.{field.name}: no length")
    assert problems == []


@pytest.mark.parametrize("key", sorted(HOSTILE))
def test_every_field_of_every_form_refuses_what_it_cannot_take(app, key):
    missed = []
    for form_class in form_classes():
        with app.test_request_context():
            names = [f.name for f in form_class(formdata=None)]
        for name in names:
            errors = _form(app, form_class, {name: HOSTILE[key]})  # must not raise
            with app.test_request_context():
                field = form_class(formdata=None)[name]
            if must_refuse(field, key) and not errors[name]:
                missed.append(f"{form_class.__name__}.{name}")
    assert missed == [], f"{key} accepted by {missed}"


# ------------------------------------------------------------------------------ over HTTP

TODAY = date.today()


def _version(model, id_key):
    return lambda session, ids: str(session.get(model, ids[id_key]).version)


#: endpoint -> (actor, url, a valid payload (values may be callables of (session, ids)),
#: whether the page shows the form again with messages on its fields)
PAGES = {
    "programmes.new": ("manager", "/programmes/new", {
        "name": "Programa", "target_count": "10", "target_kind": "stage",
        "target_stage": "certified", "start_date": TODAY.isoformat(),
        "end_date": (TODAY + timedelta(days=400)).isoformat(), "description": "",
        "stage_names": ""}),
    "programmes.add_cohort": ("manager", "/programmes/{programme_id}/cohorts", {
        "name": "Cohorte 9", "start_date": TODAY.isoformat()}),
    "programmes.milestone": ("manager", "/programmes/milestones/{milestone_id}", {
        "version": _version(Milestone, "milestone_id"), "achieved_on": TODAY.isoformat(),
        "note": "Acta"}),
    "programmes.plan_item": ("manager", "/programmes/plan-items/{plan_item_id}", {
        "version": _version(PlanItem, "plan_item_id"), "body": "Bureau Veritas",
        "number": "BV-1", "issued_on": TODAY.isoformat(),
        "expires_on": (TODAY + timedelta(days=900)).isoformat(), "note": "Auditoría"}),
    "programmes.kpis": ("manager", "/programmes/enrolments/{enrolment_id}/kpis", {
        "observed_on": (TODAY - timedelta(days=1)).isoformat(), "sales": "1000",
        "employees": "10", "defect_rate": "2"}),
    "programmes.correct_kpi": ("manager", "/programmes/kpi-observations/{observation_id}/correct",
                               {"value": "5", "reason": "Se anotó mal"}),
    "requirements.new": ("buyer", "/requirements/new", {
        "title": "Correas", "category_codes": "20101501", "min_capacity": "10",
        "capacity_unit": "t_month",
        "regions": "CL", "need_date": (TODAY + timedelta(days=60)).isoformat()}),
    "requirements.edit": ("buyer", "/requirements/{req_id}/edit", {
        "title": "Correas", "category_codes": "20101501", "min_capacity": "10",
        "capacity_unit": "t_month",
        "regions": "CL", "need_date": (TODAY + timedelta(days=60)).isoformat(),
        "version": lambda session, ids: str(session.get(Requirement, ids["req_id"]).version)}),
    "suppliers.profile": ("sme", "/supplier/profile", {
        "category_codes": "20101501", "capabilities_text": "Correas", "capacity": "10",
        "capacity_unit": "t_month", "regions": "CL", "employees": "12",
        "version": lambda session, ids: str(profile_version(
            session, session.get(Organisation, ids["sme_org_id"])))}),
    "suppliers.add_export": ("sme", "/supplier/profile/exports", {
        "market": "US", "year": str(TODAY.year - 1), "value_usd": "1000"}),
    "suppliers.apply": ("other_sme", "/supplier/requirements/{open_req_id}/apply",
                        {"message": "Podemos"}),
    "admin.certificate": ("admin", "/admin/certificates/{cert_id}", {
        "status": "rejected", "reason": "Ilegible"}),
}


#: reference data (thousands of rows nobody's form changes) is compared by its count only
REFERENCE = {"category", "standard", "standard_alias", "standard_relation"}


def _rows(session) -> dict:
    """Every row of every table (counts for the reference data): updates show, not only
    inserts and deletes."""
    session.expire_all()
    return {t.name: session.scalar(select(func.count()).select_from(t)) if t.name in REFERENCE
            else sorted(map(repr, session.execute(select(t)).all()))
            for t in Base.metadata.sorted_tables}


def _payload(base: dict, session, ids) -> dict:
    return {k: v(session, ids) if callable(v) else v for k, v in base.items()}


def _post(client, url, data):
    response = client.post(url, data=data)
    body = response.get_data(as_text=True)
    response.close()
    return response.status_code, body


@pytest.mark.parametrize("endpoint", sorted(PAGES))
def test_hostile_values_over_http_store_nothing(app, client, session, login, world, endpoint):
    """Each value a field cannot take, with every other field valid: refused, with a message
    on the field, and no row of any table changed. The valid payload goes last, to show the
    refusals were the hostile value's doing."""
    ids = arranged(app, world)
    actor, template, base = PAGES[endpoint]
    url = template.format(**ids)
    login(world.users[actor], world.orgs.get(actor))
    valid = _payload(base, session, ids)
    form_class = _form_class(app, endpoint)
    failures = []
    for name in valid:
        with app.test_request_context():
            field = form_class(formdata=None)[name]
        for key, value in HOSTILE.items():
            if not must_refuse(field, key):
                continue  # markup in a free text is stored as typed (escaped when shown)
            before = _rows(session)
            status, body = _post(client, url, {**valid, name: value})
            where = f"{endpoint} {name}={key}"
            if status >= 500:
                failures.append(f"{where}: {status}")
            if status < 400 or _rows(session) != before:
                failures.append(f"{where}: accepted ({status})")
            if field.type != "HiddenField" and f'id="{field.id}-errors"' not in body:
                failures.append(f"{where}: no message on the field")
    status, _body = _post(client, url, valid)
    assert status in (302, 303), f"{endpoint}: the valid payload was refused ({status})"
    assert not failures, "\n".join(failures)


def _form_class(app, endpoint):
    """The form a page posts, found by the fields of its valid payload."""
    names = set(PAGES[endpoint][2])
    with app.test_request_context():
        matches = [c for c in form_classes() if names <= {f.name for f in c(formdata=None)}]
    by_module = {"programmes": "programmes", "requirements": "requirements",
                 "suppliers": "suppliers", "admin": "admin"}[endpoint.split(".")[0]]
    matches = [c for c in matches if f".{by_module}." in c.__module__] or matches
    return min(matches, key=lambda c: len(list(c.__dict__)))


def test_ids_beyond_64_bits_are_not_found(app, client, login, world):
    ids = arranged(app, world)
    login(world.users["manager"], world.orgs["manager"])
    huge = str(2 ** 63)
    for url in (f"/programmes/{huge}", f"/programmes/enrolments/{huge}",
                f"/programmes/milestones/{huge}", f"/requirements/{huge}",
                f"/organisations/{huge}", f"/programmes/enrol?requirement_id={huge}"
                f"&supplier_id={ids['supplier_id']}", f"/programmes/{ids['programme_id']}"
                f"?cohort={huge}&page={huge}"):
        response = client.get(url)
        response.close()
        assert response.status_code in (200, 404), url
        assert response.status_code == 404 or "cohort" in url
