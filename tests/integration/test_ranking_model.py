"""Learning the ranking from the platform's own outcomes: labelled requirements, a time split
that keeps each requirement's own award out of its winner's record, the stored model, the
engine that uses it and the command that runs it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

import matching
from supplierlink.db import app_of
from supplierlink.matches.learning import (
    current_model,
    labelled_requirements,
    learn_ranking_model,
)
from supplierlink.matches.models import RankingModel
from supplierlink.matches.profiles import load_profiles
from supplierlink.matches.services import get_engine, reset_engine_cache
from supplierlink.requirements.services import RequirementData, change_status, create_requirement
from supplierlink.requirements.workflow import act_on_candidate, record_feedback
from supplierlink.suppliers.applications import apply_to_requirement
from supplierlink.suppliers.services import ProfileData, update_profile


def _award(session, req, sme, user):
    """An award from the platform's past: the SME applied; the buyer awarded it whatever the
    engine says (a recorded override when it was not ranked as qualified)."""
    apply_to_requirement(session, sme, None, req, "Postulamos")
    return act_on_candidate(session, req, sme, "award", user, override_reason="Historial")


CODES = ["20101501", "20101502", "20101503", "20101504", "20101601", "20101602"]
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def history(app, session, reference_data, make_org, make_user):
    """``count`` requirements published a day apart, each awarded to the supplier holding its
    code a day after publication; the last one also gets a thumbs up for a second supplier."""

    def build(count):
        with app.app_context():
            buyer = make_org("lead_firm")
            user = make_user(buyer)
            smes = []
            for code in CODES:
                sme = make_org("sme")
                update_profile(session, sme, ProfileData(category_codes=[code], regions=["CL"]))
                smes.append(sme)
            reqs = []
            for i in range(count):
                code = CODES[i % len(CODES)]
                req = create_requirement(session, buyer, user, RequirementData(
                    title=f"Suministro {i}", category_codes=[code], regions=["CL-AN"]))
                change_status(session, req, "open")
                req.published_at = START + timedelta(days=i)
                application = _award(session, req, smes[i % len(CODES)], user)
                application.updated_at = req.published_at + timedelta(days=1)
                reqs.append(req)
            record_feedback(session, reqs[-1], smes[0], user, 1)
            session.flush()
            reset_engine_cache(app_of(session))
            return buyer, smes, reqs

    return build


def test_labelled_requirements_name_awards_and_thumbs_up_as_winners(app, session, history):
    _, smes, reqs = history(7)
    with app.app_context():
        labelled = labelled_requirements(session)
    assert [r.id for r, _, _ in labelled] == [str(r.id) for r in reqs]
    assert labelled[0][1] == {str(smes[0].id)}
    assert labelled[-1][1] == {str(smes[0].id), str(smes[6 % len(CODES)].id)}
    assert labelled[3][2] == (START + timedelta(days=3)).date()


def test_a_track_record_before_a_day_leaves_later_awards_out(app, session, history):
    _, smes, _ = history(7)
    with app.app_context():
        before = {p.id: p for p in load_profiles(session, awards_before=START + timedelta(days=3))}
        everything = {p.id: p for p in load_profiles(session)}
    first = str(smes[0].id)  # awarded on day 1 and day 7
    assert len(everything[first].awards) == 2
    assert len(before[first].awards) == 1
    assert before[str(smes[3].id)].awards == ()  # awarded on day 4


def test_too_few_outcomes_keep_the_default_weights(app, session, history):
    history(5)
    with app.app_context():
        outcome = learn_ranking_model(session, min_requirements=20)
        assert outcome.model is None and (outcome.labelled, outcome.needed) == (5, 20)
        assert session.scalar(select(func.count()).select_from(RankingModel)) == 0
        assert get_engine(session).feature_weights is None


def test_a_learned_model_is_stored_and_ranks_from_then_on(app, session, history):
    history(24)
    with app.app_context():
        default_engine = get_engine(session)
        outcome = learn_ranking_model(session, min_requirements=20)
        model = outcome.model
        assert model is not None and model.requirements == 24
        assert model.engine_version == matching.ENGINE_VERSION
        assert set(model.weights) <= set(matching.scoring.FEATURES)
        assert sum(model.weights.values()) == pytest.approx(1.0)
        assert model.weights != matching.scoring.DEFAULT_FEATURE_WEIGHTS
        assert current_model(session).id == model.id
        engine = get_engine(session)  # rebuilt: the model changed the fingerprint
        assert engine is not default_engine and engine.feature_weights == model.weights


def test_a_model_of_another_engine_version_is_not_used(app, session):
    with app.app_context():
        session.add(RankingModel(engine_version="0.9", weights={"code_match": 1.0},
                                 requirements=30))
        session.flush()
        assert current_model(session) is None


def test_the_command_learns_or_says_what_is_missing(runner, app, session, history):
    result = runner.invoke(args=["learn-ranking"])
    assert result.exit_code == 0, result.output
    assert "not enough outcomes yet: 0 labelled requirements, at least 20 needed" in result.output
    history(24)
    result = runner.invoke(args=["learn-ranking", "--min-requirements", "20"])
    assert result.exit_code == 0, result.output
    assert "learned from 24 labelled requirements" in result.output
    assert "heaviest features:" in result.output
    assert session.scalar(select(func.count()).select_from(RankingModel)) == 1
