"""What a user was told, and which kinds of notice each user wants, in the app or by e-mail."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text, true
from sqlalchemy.orm import Mapped, mapped_column

from supplierlink.db import Base, utcnow


class Notification(Base):
    """One notice to one user. ``key`` names the fact it reports, so reporting the same fact
    twice (a second daily run, a retried job) finds the first notice and sends nothing."""

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        # the list, newest first, a page at a time, and its total: a user's notices in order,
        # with their kind (PostgreSQL INCLUDE), so the total is counted from the index alone
        Index("ix_notification_list", "user_id", "created_at", "id",
              postgresql_include=["kind"]),
        # the bell on every page counts the unread notices alone, however many were read
        Index("ix_notification_unread", "user_id", "kind",
              postgresql_where=text("read_at IS NULL"), sqlite_where=text("read_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(160))
    #: the facts the sentence is built from, so it reads in the language of whoever reads it
    params: Mapped[dict] = mapped_column(JSON)
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column()


class NotificationPreference(Base):
    """A user's choice for one kind; without a row, both channels are on."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    in_app: Mapped[bool] = mapped_column(default=True, server_default=true())
    email: Mapped[bool] = mapped_column(default=True, server_default=true())
