"""How templates get their context."""

from supplierlink import create_app


def test_each_context_processor_runs_once_per_render():
    """Flask gives every blueprint a copy of its default context processor (``g``, ``request``,
    ``session``); the app runs it once for every template, not once more per blueprint."""
    app = create_app({"TESTING": True})
    everywhere = app.template_context_processors[None]
    assert len(everywhere) == len(set(everywhere))
    assert any(name is not None for name in app.blueprints)
    for name, processors in app.template_context_processors.items():
        if name is not None:
            assert not set(processors) & set(everywhere), name
    with app.test_request_context("/directory/"):
        app.preprocess_request()
        context = {}
        app.update_template_context(context)
        assert {"g", "request", "current_user", "current_locale"} <= set(context)
