"""What the verification queue's pages show, worked out here."""

from __future__ import annotations

from markupsafe import Markup

from supplierlink.admin.forms import DECISION_CHOICES
from supplierlink.admin.queue import QueueFilters
from supplierlink.labels import CERTIFICATION_STATUS_LABELS, label
from supplierlink.paging import Page
from supplierlink.templating import CSRF_SLOT, Frozen, kept_macro, with_csrf_token


def queue_html(queue: Page, filters: QueueFilters) -> Markup:
    """A page of the queue (rows of ``verification_queue``) and its bulk decision form, drawn
    from its plain values (``kept_macro``: the same rows, read afresh by this request, are
    drawn once per process), with this user's CSRF token."""
    view = Frozen(
        total=queue.total, filter_args=tuple(sorted(filters.args().items())),
        decisions=tuple((value, str(text)) for value, text in DECISION_CHOICES),
        rows=tuple(Frozen(
            id=cert.id, created_at=cert.created_at, status=cert.status,
            status_label=str(label(CERTIFICATION_STATUS_LABELS, cert.status)),
            supplier=org.display_name, tax_id=org.tax_id, tax_country=org.tax_country,
            standard=cert.standard.name, body=cert.body, number=cert.number,
            issued_on=cert.issued_on, expires_on=cert.expires_on,
            evidence=cert.evidence_file is not None) for cert, org in queue.items))
    return with_csrf_token(kept_macro("admin/_queue.html", "queue_table", view, CSRF_SLOT))
