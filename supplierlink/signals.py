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

#: An SME chose whether it appears in the public directory and which fields it shows there.
#: ``organisation_id``, ``published``, ``fields``, ``user_id``.
publication_changed = _events.signal("publication-changed")

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

# ----------------------------------------------------------------- consent between organisations

#: A programme operator invited a lead firm to sponsor a programme. ``programme_id``,
#: ``sponsor_id``, ``user_id``.
sponsorship_invited = _events.signal("sponsorship-invited")

#: A lead firm accepted or declined a sponsorship invitation. ``programme_id``, ``sponsor_id``,
#: ``accepted``, ``user_id``.
sponsorship_answered = _events.signal("sponsorship-answered")

#: A programme offered enrolment to an SME, or an SME asked to join. ``enrolment_id``,
#: ``programme_id``, ``supplier_id``, ``user_id``, ``by`` ("programme" or "supplier").
enrolment_offered = _events.signal("enrolment-offered")

#: The other party accepted or declined an enrolment offer or request. ``enrolment_id``,
#: ``programme_id``, ``supplier_id``, ``accepted``, ``user_id``.
enrolment_answered = _events.signal("enrolment-answered")

#: An SME left a programme. ``enrolment_id``, ``programme_id``, ``supplier_id``, ``user_id``.
enrolment_left = _events.signal("enrolment-left")

#: Someone asked the administrators to verify a certificate. ``certification_id``,
#: ``organisation_id``, ``user_id``.
verification_requested = _events.signal("verification-requested")

#: An SME shared its profile and evidence with a lead firm, or stopped sharing.
#: ``supplier_id``, ``buyer_id``, ``shared``, ``user_id``.
profile_shared = _events.signal("profile-shared")

# ----------------------------------------------------------------------------- accounts

#: A user signed in, or a sign-in failed. ``user_id`` (None when unknown), ``email``,
#: ``success``.
sign_in_attempted = _events.signal("sign-in-attempted")

#: A membership or role changed, or an administrator or verifier was appointed.
#: ``user_id`` (whose), ``organisation_id``, ``role``, ``change``, ``by_user_id``.
membership_changed = _events.signal("membership-changed")

#: Data left the platform: an export or a download of a file. ``what``, ``user_id``,
#: ``organisation_id``, ``rows``.
data_exported = _events.signal("data-exported")

#: A request was refused because too many came from one address or for one account.
#: ``what`` (login, register, reset), ``email`` (when the form named one).
rate_limited = _events.signal("rate-limited")

#: A user's password was changed or reset, or their e-mail address confirmed. ``user_id``,
#: ``change`` ("password changed", "password reset", "e-mail confirmed"), ``sessions_ended``.
account_changed = _events.signal("account-changed")

#: A request was refused for want of a right: a 403, or another organisation's object asked
#: for by id (answered 404). ``path``, ``method``, ``status``.
access_denied = _events.signal("access-denied")
# ----------------------------------------------------------------------------- messages

#: Someone wrote on an application's thread. ``message_id``, ``application_id``,
#: ``requirement_id``, ``supplier_id``, ``buyer_id``, ``from_organisation_id``, ``user_id``.
application_message_posted = _events.signal("application-message-posted")


def all_signals() -> dict:
    """Every declared event by name (the audit log subscribes to all of them)."""
    return dict(_events)

# ------------------------------------------------------------------------------ imports

#: Organisations and track records came in from outside (an OCDS file, a spreadsheet): every
#: ranking may change. ``organisation_ids`` (the SMEs whose records changed).
records_imported = _events.signal("records-imported")
# ----------------------------------------------------------------------------- clusters

#: A programme operator invited a lead firm to sponsor a cluster. ``cluster_id``,
#: ``sponsor_id``, ``user_id``.
cluster_sponsorship_invited = _events.signal("cluster-sponsorship-invited")

#: A lead firm accepted or declined a cluster sponsorship. ``cluster_id``, ``sponsor_id``,
#: ``accepted``, ``user_id``.
cluster_sponsorship_answered = _events.signal("cluster-sponsorship-answered")

#: The managing operator edited a cluster (name, territory, sectors, key standards,
#: description). ``cluster_id``, ``organisation_id``, ``user_id``, ``changed`` (field ->
#: ``{"from", "to"}``).
cluster_changed = _events.signal("cluster-changed")

#: A cluster sponsorship ended (by the managing operator or the sponsor). ``cluster_id``,
#: ``sponsor_id``, ``organisation_id`` (who ended it), ``user_id``.
cluster_sponsorship_ended = _events.signal("cluster-sponsorship-ended")

#: A mentoring pair between two SMEs was proposed, agreed by one side, started, declined or
#: ended.
#: ``pair_id``, ``cluster_id``, ``mentor_id``, ``mentee_id``, ``status``, ``user_id``.
mentoring_pair_changed = _events.signal("mentoring-pair-changed")
