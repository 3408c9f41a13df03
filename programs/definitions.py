"""Programme definitions: an operator's own ladder from stage names, where a stage sits on the
matching engine's 0-7 scale, and when each supplier reached a programme's target.

These are the rules the application needs to store and show a programme; they stay pure so the
same rules serve the web pages, the demo loader and batch jobs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from programs.ladder import Ladder, LadderError, Stage

ENGINE_MAX_STAGE = 7
"""The matching engine scores the programme stage on a 0 (registered) to 7 (graduated) scale."""


def stage_key_for(name: str) -> str:
    """A stable ASCII key for a stage name: ``"Plan de desarrollo acordado"`` -> ``plan_de_desarrollo_acordado``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    key = re.sub(r"[^a-z0-9]+", "_", ascii_name.casefold()).strip("_")
    return key[:40].rstrip("_")


def ladder_from_names(names: Iterable[str]) -> Ladder:
    """An operator's own ladder from stage names in climbing order (blank lines are ignored).

    Raises ``LadderError`` with code ``blank_key`` when a name has no letter or digit, and
    ``duplicate_key`` when two names give the same key (they could not be told apart).
    """
    cleaned = [name.strip() for name in names if name and name.strip()]
    stages = []
    for order, name in enumerate(cleaned, start=1):
        key = stage_key_for(name)
        if not key:
            raise LadderError("blank_key", f"Stage {name!r} needs at least one letter or digit.")
        stages.append(Stage(key, order, name[:120]))
    return Ladder(stages)


def ladder_pairs(ladder: Ladder) -> list[tuple[str, str]]:
    """``(key, name)`` pairs, the form in which a ladder is stored."""
    return [(stage.key, stage.name) for stage in ladder]


def engine_stage(ladder: Ladder, key: str, max_stage: int = ENGINE_MAX_STAGE) -> int:
    """The rung of ``key`` on the engine's 0..``max_stage`` scale.

    The default ladder has eight stages and maps one to one; a shorter or longer ladder is
    scaled so that its first stage is 0 and its last is ``max_stage`` (rounded half up).
    """
    position = ladder.index(key)
    top = len(ladder) - 1
    return int(position * max_stage / top + 0.5)


def highest_engine_stage(
    placements: Iterable[tuple[Ladder, str]], max_stage: int = ENGINE_MAX_STAGE
) -> int | None:
    """A supplier enrolled in several programmes counts by the furthest it has climbed."""
    stages = [engine_stage(ladder, key, max_stage) for ladder, key in placements]
    return max(stages) if stages else None


@dataclass(frozen=True)
class StageChange:
    """One recorded move of one enrolment: to ``to_key`` on ``on``."""

    enrolment_id: int | str
    to_key: str
    on: date


def stage_target_dates(
    changes: Iterable[StageChange],
    ladder: Ladder,
    target_key: str,
    current: Mapping[int | str, str],
) -> dict[int | str, date]:
    """The day each enrolment reached ``target_key`` (or beyond) and is still there.

    ``changes`` is the stage history in the order it was recorded (a move logged later with an
    earlier date still happened after the ones before it); ``current`` maps every enrolment to
    its stage today. An enrolment that reached the target and later moved back below it no
    longer counts; one that came back counts from its latest arrival.
    """
    target = ladder.index(target_key)
    reached: dict[int | str, date] = {}
    for change in changes:
        if ladder.index(change.to_key) >= target:
            reached.setdefault(change.enrolment_id, change.on)
        else:
            reached.pop(change.enrolment_id, None)
    return {
        enrolment_id: day
        for enrolment_id, day in reached.items()
        if enrolment_id in current and ladder.index(current[enrolment_id]) >= target
    }


def standard_target_dates(
    holdings: Iterable[tuple[int | str, date, date | None]], today: date
) -> dict[int | str, date]:
    """The day each supplier first held a valid certificate of the target standard.

    ``holdings`` are ``(supplier_id, counted_from, expires_on)`` for verified certificates; one
    that expired before ``today`` does not count, since the supplier no longer meets the target.
    """
    reached: dict[int | str, date] = {}
    for supplier_id, counted_from, expires_on in holdings:
        if expires_on is not None and expires_on < today:
            continue
        if supplier_id not in reached or counted_from < reached[supplier_id]:
            reached[supplier_id] = counted_from
    return reached
