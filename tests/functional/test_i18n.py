"""Spanish by default, the browser's language when supported, and an explicit switcher."""


def test_spanish_is_the_default_for_visitors_without_a_supported_language(client):
    page = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert '<html lang="es">' in page.get_data(as_text=True)


def test_the_browser_language_is_used_when_supported(client):
    page = client.get("/", headers={"Accept-Language": "pt-BR,pt;q=0.9"})
    assert '<html lang="pt">' in page.get_data(as_text=True)


def test_the_switcher_remembers_the_choice_and_returns_to_the_page(client):
    response = client.get("/language/en?next=/login")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    page = client.get("/login", headers={"Accept-Language": "es"})
    text = page.get_data(as_text=True)
    assert '<html lang="en">' in text and "Sign in" in text


def test_the_switcher_ignores_unknown_languages_and_offsite_targets(client):
    response = client.get("/language/xx?next=//evil.example/")
    assert response.headers["Location"] == "/"
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_pages_are_translated(client):
    es = client.get("/login", headers={"Accept-Language": "es"}).get_data(as_text=True)
    pt = client.get("/login", headers={"Accept-Language": "pt"}).get_data(as_text=True)
    assert "Iniciar sesión" in es
    assert "Entrar" in pt


def test_status_words_agree_with_their_noun(app):
    """Portuguese reads "demanda" (feminine) for a requirement and the supplier (masculine)
    for an application: the same English word takes a context apiece."""
    from flask_babel import force_locale

    from supplierlink.labels import APPLICATION_STATUS_LABELS, REQUIREMENT_STATUS_LABELS

    with app.test_request_context(), force_locale("pt"):
        assert str(REQUIREMENT_STATUS_LABELS["awarded"]) == "Adjudicada"
        assert str(APPLICATION_STATUS_LABELS["awarded"]) == "Adjudicado"
        assert str(REQUIREMENT_STATUS_LABELS["open"]) == "Aberta"
    with app.test_request_context(), force_locale("es"):
        assert str(REQUIREMENT_STATUS_LABELS["open"]) == "Abierto"


def test_form_messages_come_in_the_page_language_from_a_catalogue_read_once(app, monkeypatch):
    """WTForms' own messages follow the request's language; each language's catalogue is read
    from disk once per process, not in every request that shows a form."""
    from babel import support
    from flask_wtf.i18n import translations

    from supplierlink.i18n import _wtforms_catalogue

    _wtforms_catalogue.cache_clear()
    loads = []
    load = support.Translations.load
    monkeypatch.setattr(support.Translations, "load",
                        lambda *args, **kwargs: loads.append(args[1]) or load(*args, **kwargs))
    said = []
    for language in ("pt", "pt", "es", "pt", "en"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            said.append(translations.gettext("This field is required."))
    assert said == ["Campo obrigatório.", "Campo obrigatório.", "Este campo es obligatorio.",
                    "Campo obrigatório.", "This field is required."]
    assert len(loads) == 3
