"""Helpers shared by every form, and the form every page's form derives from.

``SafeForm`` refuses, on any field: control characters in text, numbers that are not finite or
outside the field's range, and dates outside a plausible window; each with a message on the
field, before any service runs.
"""

from __future__ import annotations

import math
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, FloatField, IntegerField, SelectChoice
from wtforms.validators import NumberRange

from supplierlink import ranges

#: C0 controls other than tab, new line and carriage return, DEL and C1 controls
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NUMERIC = (IntegerField, FloatField, DecimalField)


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


def in_range(name: str, **kwargs) -> NumberRange:
    """The validator of a number whose range is ``supplierlink.ranges.NUMBERS[name]``."""
    low, high = ranges.NUMBERS[name]
    return NumberRange(min=low, max=high, message=ranges.number_message(name), **kwargs)


class SafeForm(FlaskForm):
    """Every form of the app: the checks no field may miss, run after the field's own ones."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            problem = self._problem(field)
            if problem:
                field.errors = list(field.errors) + [problem]
                valid = False
        return valid

    @staticmethod
    def _problem(field):
        raw = field.raw_data or []
        if any(isinstance(v, str) and CONTROL.search(v) for v in raw):
            return _l("Remove the control characters from this field.")
        if field.errors:
            return None
        if isinstance(field, NUMERIC) and field.data is not None \
                and not math.isfinite(field.data):
            return _l("Give a number.")
        if isinstance(field, DateField):
            return ranges.date_problem(field.data)
        return None
