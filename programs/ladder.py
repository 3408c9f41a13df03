"""Stage ladders for supplier-development programmes and the rules for moving along them.

A ladder is an ordered list of stages a supplier climbs, from registration to world class.
Moving forward one stage is routine; skipping stages or moving backwards must be justified.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


class LadderError(ValueError):
    """A ladder definition or a stage lookup is invalid; ``code`` is a stable machine key."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class StageMoveError(LadderError):
    """A requested stage move breaks the ladder rules.

    Codes: ``unknown_stage``, ``same_stage``, ``skip_needs_reason``, ``backwards_needs_reason``.
    """


@dataclass(frozen=True)
class Stage:
    key: str
    order: int
    name: str


@dataclass(frozen=True)
class StageMove:
    """An accepted move; ``skipped`` lists the stage keys jumped over (forward moves only)."""

    from_key: str
    to_key: str
    skipped: tuple[str, ...]
    backwards: bool
    reason: str | None = None

    @property
    def needs_reason(self) -> bool:
        return self.backwards or bool(self.skipped)


def _clean_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    stripped = reason.strip()
    return stripped or None


class Ladder:
    """An ordered, validated sequence of stages (sorted by ``Stage.order``)."""

    def __init__(self, stages: Iterable[Stage]) -> None:
        ordered = tuple(sorted(stages, key=lambda stage: stage.order))
        if len(ordered) < 2:
            raise LadderError("too_few_stages", "A ladder needs at least 2 stages.")
        seen_keys: set[str] = set()
        seen_orders: set[int] = set()
        for stage in ordered:
            if not stage.key or not stage.key.strip():
                raise LadderError("blank_key", "Every stage needs a non-blank key.")
            if stage.key in seen_keys:
                raise LadderError("duplicate_key", f"Stage key {stage.key!r} appears twice.")
            if stage.order in seen_orders:
                raise LadderError("duplicate_order", f"Stage order {stage.order} appears twice.")
            seen_keys.add(stage.key)
            seen_orders.add(stage.order)
        self.stages: tuple[Stage, ...] = ordered
        self._index = {stage.key: position for position, stage in enumerate(ordered)}

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Ladder:
        """Build a ladder from ``(key, name)`` pairs; order follows the sequence."""
        return cls(Stage(key, order, name) for order, (key, name) in enumerate(pairs, start=1))

    def __iter__(self) -> Iterator[Stage]:
        return iter(self.stages)

    def __len__(self) -> int:
        return len(self.stages)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ladder) and self.stages == other.stages

    def __hash__(self) -> int:
        return hash(self.stages)

    def __repr__(self) -> str:
        return f"Ladder({' → '.join(self.keys)})"

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(stage.key for stage in self.stages)

    @property
    def first(self) -> Stage:
        return self.stages[0]

    @property
    def last(self) -> Stage:
        return self.stages[-1]

    def index(self, key: str) -> int:
        """Zero-based position of ``key``; raises ``StageMoveError('unknown_stage')``."""
        try:
            return self._index[key]
        except KeyError:
            raise StageMoveError(
                "unknown_stage", f"Unknown stage {key!r}; expected one of {', '.join(self.keys)}."
            ) from None

    def stage(self, key: str) -> Stage:
        return self.stages[self.index(key)]

    def next_key(self, key: str) -> str | None:
        """The stage after ``key``, or None at the top of the ladder."""
        position = self.index(key) + 1
        return self.stages[position].key if position < len(self.stages) else None

    def reached(self, current_key: str, target_key: str) -> bool:
        """Whether a supplier at ``current_key`` is at or beyond ``target_key``."""
        return self.index(current_key) >= self.index(target_key)

    def check_move(self, current_key: str, target_key: str, reason: str | None = None) -> StageMove:
        """Validate a move and describe it; raises ``StageMoveError`` when it is not allowed.

        Forward by one stage needs nothing. Skipping stages or going backwards needs a
        non-blank reason, because both bypass the evidence the intermediate stages collect.
        """
        current = self.index(current_key)
        target = self.index(target_key)
        if current == target:
            raise StageMoveError("same_stage", f"The supplier is already at stage {target_key!r}.")
        clean_reason = _clean_reason(reason)
        if target < current:
            if clean_reason is None:
                raise StageMoveError(
                    "backwards_needs_reason",
                    f"Moving back from {current_key!r} to {target_key!r} needs a reason.",
                )
            return StageMove(current_key, target_key, (), True, clean_reason)
        skipped = self.keys[current + 1 : target]
        if skipped and clean_reason is None:
            raise StageMoveError(
                "skip_needs_reason",
                f"Moving from {current_key!r} to {target_key!r} skips "
                f"{', '.join(skipped)}; give a reason.",
            )
        return StageMove(current_key, target_key, skipped, False, clean_reason)


DEFAULT_LADDER = Ladder.from_pairs(
    [
        ("registered", "Registered"),
        ("aligned", "Aligned with a lead firm"),
        ("diagnosed", "Diagnosed"),
        ("plan_agreed", "Development plan agreed"),
        ("technical_assistance", "Technical assistance"),
        ("quality_target_met", "Quality target met"),
        ("certified", "Certified"),
        ("world_class", "World class"),
    ]
)
