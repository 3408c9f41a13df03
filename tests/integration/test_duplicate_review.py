"""The duplicate review queue: merge moves every reference and can be undone exactly; "not the
same" is remembered; decisions tune the finder's thresholds."""

from __future__ import annotations

from sqlalchemy import select

from supplierlink.auth.models import Membership
from supplierlink.backup.archive import table_lines
from supplierlink.imports.dedupe import thresholds
from supplierlink.imports.models import DuplicateCandidate, ImportedAward, OrgIdentifier
from supplierlink.imports.ocds import import_releases
from supplierlink.imports.review import mark_distinct, merge_pair, open_pairs, undo_merge
from supplierlink.models import Base
from supplierlink.organisations.models import Organisation
from supplierlink.suppliers.models import Capability, SupplierProfile
from supplierlink.suppliers.services import ProfileData, update_profile
from tests.integration.test_ocds_import import _release


def dump(session) -> dict:
    """Every row of every table (the engine's change log grows with each announcement)."""
    session.flush()
    conn = session.connection()
    return {t.name: list(table_lines(conn, t)) for t in Base.metadata.sorted_tables}


def test_merge_moves_every_reference_and_undo_restores_everything(
        app, session, make_org, make_user, reference_data):
    first = make_org("sme", legal_name="Correas del Norte SpA", town="Calama")
    second = make_org("sme", legal_name="Correas del Norte Ltda", website="https://correas.cl")
    owner = make_user(first)
    both = make_user(second)
    session.add(Membership(user_id=both.id, organisation_id=first.id, role="member"))
    with app.app_context():
        update_profile(session, first, ProfileData(category_codes=["20101501"]))
        update_profile(session, second, ProfileData(category_codes=["20101501", "24101715"]))
    session.add_all([OrgIdentifier(organisation_id=second.id, scheme="CL-RUT",
                                   identifier="x-1"),
                     ImportedAward(supplier_id=second.id, ocid="o-1", award_id="a-1",
                                   code="20101501")])
    pair = DuplicateCandidate(first_id=first.id, second_id=second.id, score=0.8)
    session.add(pair)
    session.flush()
    admin = make_user(None, is_admin=True)
    before = dump(session)
    second_id, second_tax = second.id, second.tax_id
    with app.app_context():
        kept = merge_pair(session, pair, first.id,
                          {"website": "second", "tax_id": "second"}, admin)
    assert kept.id == first.id
    assert session.scalar(select(Organisation.id).where(Organisation.id == second_id)) is None
    assert kept.website == "https://correas.cl" and kept.tax_id == second_tax
    assert kept.town == "Calama" and kept.legal_name == "Correas del Norte SpA"
    assert session.scalar(select(ImportedAward.supplier_id)) == first.id
    assert session.scalar(select(OrgIdentifier.organisation_id)) == first.id
    codes = set(session.scalars(select(Capability.category_id).where(
        Capability.organisation_id == first.id)))
    assert len(codes) == 2  # the shared code stays once, the other one moved
    assert {m.organisation_id for m in session.scalars(select(Membership).where(
        Membership.user_id.in_([owner.id, both.id])))} == {first.id}
    assert session.scalar(select(SupplierProfile.organisation_id).where(
        SupplierProfile.organisation_id == second_id)) is None
    assert pair.status == "merged" and pair.merge_record["drop_row"]["id"] == second_id
    with app.app_context():
        undo_merge(session, session.get(DuplicateCandidate, pair.id), admin)
    after = dump(session)
    changed = {t: (sorted(set(before[t]) - set(after[t])), sorted(set(after[t]) - set(before[t])))
               for t in before if before[t] != after[t]
               # logs that only grow, and the search index, rewritten from the restored rows
               and t not in ("engine_change", "audit_event", "supplier_search")}
    assert not changed


def test_not_the_same_is_remembered_and_never_proposed_again(app, session, make_org,
                                                             make_user):
    registered = make_org("sme", legal_name="Servicios Eléctricos Atacama Ltda")
    release = _release("ocds-zz1-1", "S9", "Servicios Electromecanicos Atacamenos")
    with app.app_context():
        first = import_releases(session, [release])
        pair = open_pairs(session)[0]
        assert first.review == 1 and registered.id in (pair.first_id, pair.second_id)
        mark_distinct(session, pair, make_user(None, is_admin=True))
        again = import_releases(session, [release, _release(
            "ocds-zz1-2", "S9", "Servicios Electromecanicos Atacamenos")])
    assert again.review == 0 and open_pairs(session) == []


def test_decisions_tune_the_thresholds_once_there_are_enough(app, session, make_org):
    with app.app_context():
        assert thresholds(session) == (0.85, 0.7)
    orgs = [make_org("sme") for _ in range(42)]
    for i in range(21):
        a, b = orgs[2 * i], orgs[2 * i + 1]
        same = i % 2 == 0
        score = 0.76 + i * 0.01 if same else 0.70 + i * 0.005
        session.add(DuplicateCandidate(first_id=a.id, second_id=b.id, score=score,
                                       status="merged" if same else "distinct"))
    session.flush()
    with app.app_context():
        same_floor, review_floor = thresholds(session)
    assert (same_floor, review_floor) != (0.85, 0.7) and review_floor <= same_floor
