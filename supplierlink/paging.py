"""Pages of long lists (PER_PAGE items each), for queries and for lists already in memory."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session


@dataclass
class Page:
    items: list
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def requested_page() -> int:
    """The ``page`` query argument; anything that is not a positive number means the first."""
    page = min(max(1, request.args.get("page", 1, type=int)), 1_000_000)
    return page if page and page > 0 else 1


def _per_page(per_page: int | None) -> int:
    return per_page or current_app.config.get("PER_PAGE", 25)


def paginate_query(session: Session, query, number: int, per_page: int | None = None,
                   count=None) -> Page:
    """A page of ``query``; its total from ``count`` (a statement counting the same rows, when
    it can count them more cheaply than the query's own rows would) or from the query."""
    size = _per_page(per_page)
    total = session.scalar(count if count is not None else select(func.count()).select_from(
        query.order_by(None).subquery()))
    rows = session.execute(query.limit(size).offset((number - 1) * size)).all()
    items = [row[0] if len(row) == 1 else row for row in rows]  # one entity, or a tuple of them
    return Page(items, number, size, total or 0)


def paginate_list(items: list, number: int, per_page: int | None = None) -> Page:
    size = _per_page(per_page)
    start = (number - 1) * size
    return Page(items[start:start + size], number, size, len(items))
