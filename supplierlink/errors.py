"""Errors raised by services when input breaks a business rule; views show them on the form."""

from __future__ import annotations


class ServiceError(Exception):
    """A rule was broken; ``errors`` maps a form field (or ``""`` for the form) to messages."""

    def __init__(self, errors: dict[str, str | list[str]]):
        self.errors = {k: v if isinstance(v, list) else [v] for k, v in errors.items()}
        super().__init__("; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in self.errors.items()))


class ConflictError(ServiceError):
    """Someone else changed the record since it was read."""
