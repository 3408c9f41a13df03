"""Helpers shared by every form."""

from __future__ import annotations

from wtforms import SelectChoice


def choices(pairs) -> list[SelectChoice]:
    """``(value, label)`` pairs as select options."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


def apply_service_errors(form, errors: dict[str, list]) -> None:
    """Show a service's rule violations on the matching fields (or on the form as a whole)."""
    for name, messages in errors.items():
        field = form._fields.get(name)
        if field is None:
            form.form_errors.extend(messages)
        else:
            field.errors = list(field.errors) + list(messages)
