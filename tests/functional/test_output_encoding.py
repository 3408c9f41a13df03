"""Text a person typed is escaped wherever it is shown, including inside translated messages."""

from __future__ import annotations

import pytest
from flask import flash, render_template_string
from flask_babel import lazy_gettext, lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError

from tests.factories import PASSWORD

MARKUP = '<img src=x onerror="alert(1)">'
ESCAPED = "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"


def test_the_certificate_form_shows_a_typed_standard_name_as_text(client, session, make_org,
                                                                  make_user, login,
                                                                  reference_data):
    org = make_org("sme")
    login(make_user(org), org)
    response = client.post("/supplier/certificates/new", data={"standard": MARKUP},
                           headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "is not a standard we recognise" in page
    assert "<img" not in page.split("<main", 1)[1]
    assert ESCAPED in page


@pytest.mark.parametrize("make", [
    lambda: lazy_gettext("“%(name)s” is not a standard we recognise.", name=MARKUP),
    lambda: lazy_gettext("Unknown regions: %(regions)s", regions=MARKUP),
    lambda: lazy_pgettext("status", "%(x)s", x=MARKUP),
])
def test_a_lazy_translation_with_a_persons_text_is_escaped_in_any_template(app, make):
    with app.test_request_context():
        html = render_template_string("<p>{{ message }}</p>", message=make())
    assert "<img" not in html and ESCAPED in html


def test_field_errors_labels_and_flashed_messages_are_escaped(app):
    class Form(FlaskForm):
        class Meta:
            csrf = False

        name = StringField(lazy_gettext("Name"))

        def validate_name(self, field):
            raise ValidationError(lazy_gettext("“%(v)s” is taken", v=field.data))

    with app.test_request_context(method="POST", data={"name": MARKUP}):
        form = Form()
        assert not form.validate()
        flash(lazy_gettext("Welcome back, %(name)s.", name=MARKUP))
        html = render_template_string(
            '{% from "_macros.html" import field %}{{ field(form.name) }}'
            "{% for m in get_flashed_messages() %}{{ m }}{% endfor %}"
            "{{ _('Hello %(name)s', name=who) }}", form=form, who=MARKUP)
    assert "<img" not in html and html.count(ESCAPED) >= 3


def test_a_name_with_markup_is_shown_as_text_after_signing_in(client, session, make_org,
                                                              make_user):
    make_user(make_org(), email="mal@example.org", name=MARKUP)
    session.commit()
    response = client.post("/login", data={"email": "mal@example.org", "password": PASSWORD},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and ESCAPED in page and "<img" not in page
