"""Learning the engine's feature weights from what buyers did on the platform.

A requirement is labelled once a buyer awarded, shortlisted or invited a supplier for it, or
gave one a thumbs up: those suppliers are its winners. Weights are learned the way they are
used (``matching.learning.learn_in_time_folds``): the later half of the labelled requirements
is ranked by an engine that knows only the awards made before them, so no requirement's own
award tells the model its answer. The category counts as a score there, not a must-have, so
every supplier's features are compared with the winners'.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

import matching
from matching.learning import learn_in_time_folds
from matching.scoring import FEATURES
from supplierlink import signals
from supplierlink.matches.models import RankingModel
from supplierlink.matches.profiles import load_profiles, requirement_spec
from supplierlink.requirements.models import Application, BuyerFeedback, Requirement

MIN_REQUIREMENTS = 20
POSITIVE_STATUSES = ("awarded", "shortlisted", "invited")


@dataclass(frozen=True)
class LearningOutcome:
    """The model learned (None when there was too little to learn from) and the counts."""

    model: RankingModel | None
    labelled: int
    needed: int


def labelled_requirements(session: Session) -> list[tuple[matching.Requirement, frozenset, date]]:
    """``(requirement, winner ids, day published)`` of every labelled requirement, by day."""
    winners = defaultdict(set)
    for req_id, supplier_id in session.execute(
            select(Application.requirement_id, Application.supplier_id)
            .where(Application.status.in_(POSITIVE_STATUSES))):
        winners[req_id].add(str(supplier_id))
    for req_id, supplier_id in session.execute(
            select(BuyerFeedback.requirement_id, BuyerFeedback.supplier_id)
            .where(BuyerFeedback.value > 0)):
        winners[req_id].add(str(supplier_id))
    if not winners:
        return []
    requirements = session.scalars(select(Requirement).where(Requirement.id.in_(winners))).all()
    # the category as a score only, as in the award-prediction evaluation: the weights order
    # suppliers by their features, and the category must-have then decides who is shown
    out = [(replace(requirement_spec(req), category_depth="any"), frozenset(winners[req.id]),
            (req.published_at or req.created_at).date()) for req in requirements]
    return sorted(out, key=lambda item: (item[2], item[0].id))


def learn_ranking_model(session: Session,
                        min_requirements: int = MIN_REQUIREMENTS) -> LearningOutcome:
    """Learn and store a ranking model, when at least ``min_requirements`` are labelled."""
    queries = labelled_requirements(session)
    if len(queries) < min_requirements:
        return LearningOutcome(None, len(queries), min_requirements)

    def profiles_before(day):
        start = datetime.combine(day, time.min, tzinfo=UTC)
        return load_profiles(session, today=day, awards_before=start)

    def queries_between(start, end):
        return [q for q in queries if q[2] >= start and (end is None or q[2] < end)]

    weights = learn_in_time_folds([day for *_, day in queries], profiles_before,
                                  queries_between, train_share=0.5, folds=1,
                                  min_dates=min_requirements,
                                  min_queries=max(2, min_requirements // 4))
    if weights is None:
        return LearningOutcome(None, len(queries), min_requirements)
    model = RankingModel(engine_version=matching.ENGINE_VERSION,
                         weights={name: float(w) for name, w in weights.items()},
                         requirements=len(queries))
    session.add(model)
    session.flush()
    signals.ranking_model_changed.send(session, engine_version=matching.ENGINE_VERSION)
    return LearningOutcome(model, len(queries), min_requirements)


def current_model(session: Session) -> RankingModel | None:
    """The newest model learned for the running engine version whose features it knows."""
    model = session.scalar(select(RankingModel)
                           .where(RankingModel.engine_version == matching.ENGINE_VERSION)
                           .order_by(RankingModel.id.desc()).limit(1))
    if model is None or set(model.weights) - set(FEATURES):
        return None
    return model
