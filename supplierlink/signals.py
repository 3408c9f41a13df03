"""The domain events of SupplierLink: the one place where they are declared.

Services flush, then announce what happened; features that must react subscribe here instead of
being called by the service (matching re-ranks, notifications write mail, the audit log records,
the cluster view keeps its history). Every signal is sent with the SQLAlchemy session of the
change as its sender, so that a receiver writes in the same transaction and queues slow work
(``supplierlink.jobs.enqueue``) to run after the commit::

    signals.supplier_changed.send(session, organisation_id=org.id)

Receivers must not commit, and must accept unknown keyword arguments (``**_``) so that new
facts can be added to an event without breaking them.
"""

from __future__ import annotations

from blinker import Namespace

_events = Namespace()

#: An SME's matchable data changed: profile, capabilities, regions, exports, certificates,
#: organisation details, programme stage or track record. ``organisation_id``.
supplier_changed = _events.signal("supplier-changed")

#: A certificate's status changed (verified, rejected, revoked, expired, withdrawn…).
#: ``certification_id``, ``organisation_id``, ``status``, ``user_id`` (None for the system),
#: ``reason``.
certificate_status_changed = _events.signal("certificate-status-changed")

#: A requirement was created or edited (its title, categories, standards, capacity, regions,
#: site or need date). ``requirement_id``.
requirement_changed = _events.signal("requirement-changed")

#: A requirement became open. ``requirement_id``.
requirement_published = _events.signal("requirement-published")

#: A requirement's status changed (opened, closed, reopened, awarded). ``requirement_id``,
#: ``old_status``, ``new_status``.
requirement_status_changed = _events.signal("requirement-status-changed")

#: An SME applied to a requirement. ``application_id``, ``requirement_id``, ``supplier_id``.
application_submitted = _events.signal("application-submitted")

#: An application's status changed (shortlisted, invited, rejected, withdrawn, awarded).
#: ``application_id``, ``requirement_id``, ``supplier_id``, ``old_status``, ``new_status``,
#: ``user_id``.
application_status_changed = _events.signal("application-status-changed")

#: A requirement was awarded to a supplier. ``requirement_id``, ``application_id``,
#: ``supplier_id``, ``user_id``, ``override_reason`` (set when a near miss was awarded).
award_made = _events.signal("award-made")

#: The standards catalogue or the category taxonomy changed: every ranking may change.
catalogue_changed = _events.signal("catalogue-changed")

#: A new ranking model was stored: every ranking may change. ``engine_version``.
ranking_model_changed = _events.signal("ranking-model-changed")

#: A programme enrolment changed stage, or a milestone or plan item changed. ``enrolment_id``,
#: ``programme_id``, ``supplier_id``, ``what``.
enrolment_changed = _events.signal("enrolment-changed")
