"""The app's matching service: results stored, engine kept current, versions untouched."""

from datetime import date, timedelta

from sqlalchemy import select

from supplierlink import signals
from supplierlink.matches.models import MatchResult
from supplierlink.matches.services import rank_requirement
from supplierlink.requirements.services import RequirementData, create_requirement
from supplierlink.suppliers.services import ProfileData, update_profile


def test_ranking_stores_results_without_bumping_the_requirement_version(
        app, session, reference_data, make_org):
    with app.app_context():
        buyer = make_org("lead_firm")
        sme = make_org("sme", region="CL-AN")
        update_profile(session, sme, ProfileData(capabilities_text="mantención de chancadores",
                                                 category_codes=["73152100"], regions=["CL"]))
        req = create_requirement(session, buyer, None, RequirementData(
            title="Mantención de chancador", category_codes=["73152100"], regions=["CL-AN"],
            need_date=date.today() + timedelta(days=60)))
        version = req.version
        rank_requirement(session, req)
        rank_requirement(session, req)
        session.flush()
        assert req.version == version and req.ranked_at is not None
        rows = session.scalars(select(MatchResult).where(MatchResult.requirement_id == req.id)).all()
        assert [(r.supplier_id, r.qualified) for r in rows] == [(sme.id, True)]
        assert abs(sum(rows[0].contributions.values()) - rows[0].score) < 1e-9


def test_a_supplier_change_reaches_the_stored_results(app, session, reference_data, make_org):
    with app.app_context():
        buyer = make_org("lead_firm")
        sme = make_org("sme", region="CL-AN")
        update_profile(session, sme, ProfileData(category_codes=["73152100"], regions=["PE"]))
        req = create_requirement(session, buyer, None, RequirementData(
            title="Mantención", category_codes=["73152100"], regions=["CL-AN"]))
        req.status = "open"
        rank_requirement(session, req)
        stored = session.scalar(select(MatchResult).where(MatchResult.supplier_id == sme.id))
        assert stored.qualified is False
        assert [g["kind"] for g in stored.gaps] == ["region_not_served"]
        update_profile(session, sme, ProfileData(category_codes=["73152100"], regions=["CL"]))
        signals.supplier_changed.send(session, organisation_id=sme.id)
        session.commit()  # the re-ranking job runs after the commit
        session.expire_all()
        stored = session.scalar(select(MatchResult).where(MatchResult.supplier_id == sme.id))
        assert stored.qualified is True and stored.gaps == []


def test_ranking_again_rewrites_only_the_rows_that_changed(app, session, reference_data,
                                                           make_org):
    with app.app_context():
        buyer = make_org("lead_firm")
        smes = [make_org("sme", region="CL-AN") for _ in range(3)]
        for sme in smes:
            update_profile(session, sme, ProfileData(category_codes=["73152100"],
                                                     regions=["CL"]))
        req = create_requirement(session, buyer, None, RequirementData(
            title="Mantención", category_codes=["73152100"], regions=["CL-AN"]))
        rank_requirement(session, req)

        def stored():
            session.expire_all()
            return {r.supplier_id: (r.id, r.computed_at, r.qualified) for r in session.scalars(
                select(MatchResult).where(MatchResult.requirement_id == req.id))}

        before = stored()
        rank_requirement(session, req)
        assert stored() == before  # nothing changed: nothing written
        update_profile(session, smes[0], ProfileData(category_codes=["73152100"],
                                                     regions=["PE"]))
        signals.supplier_changed.send(session, organisation_id=smes[0].id)
        rank_requirement(session, req)
        after = stored()
        assert after[smes[0].id][2] is False  # now a near miss, in the same row
        # the same rows, updated in place (the others moved up one place)
        assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}


def test_a_fitted_engine_is_kept_out_of_full_collections_and_freed_when_replaced(
        app, session, reference_data, make_org):
    """After a fit the survivors are frozen (full collections no longer walk the engine), and
    the engine a new fit replaces is freed all the same (it holds no reference cycle)."""
    import gc
    import weakref

    from supplierlink.matches.services import get_engine, reset_engine_cache

    with app.app_context():
        update_profile(session, make_org("sme"), ProfileData(category_codes=["73152100"],
                                                             regions=["CL"]))
        reset_engine_cache(app)
        gc.unfreeze()
        first = get_engine(session)
        assert gc.get_freeze_count() > 0
        assert all(obj is not first for obj in gc.get_objects())  # frozen: out of sight
        gone = weakref.ref(first)
        del first
        reset_engine_cache(app)
        second = get_engine(session)
        assert gone() is None and second is not None
    gc.unfreeze()
