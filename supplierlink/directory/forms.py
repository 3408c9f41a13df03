"""The SME's choice of what the public directory shows of it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from supplierlink.directory.publication import FIELDS, LABELS
from supplierlink.forms import SafeForm, choices


class ListingForm(SafeForm):
    published = BooleanField(_l("Show this organisation in the public supplier directory"))
    fields = SelectMultipleField(
        _l("What visitors may read, search and filter on"),
        choices=choices([(field, LABELS[field]) for field in FIELDS]),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
