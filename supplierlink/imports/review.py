"""The duplicate review queue: pairs of organisations with their evidence; merge (choosing the
values that survive, moving every reference, reversible from the pair's merge record) or "not
the same". Decided pairs are remembered and label the finder's thresholds."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from matching.duplicate_tuning import tune_thresholds
from matching.duplicates import normalise_company_name
from supplierlink import signals
from supplierlink.db import utcnow
from supplierlink.errors import ServiceError
from supplierlink.imports.models import DuplicateCandidate, OrgIdentifier
from supplierlink.models import Base
from supplierlink.organisations.models import Organisation

#: the values an administrator chooses between when merging (the tax id goes with its country)
MERGE_FIELDS = ("legal_name", "trade_name", "tax_id", "country", "region", "town", "employees",
                "sales_band", "description", "website")
MIN_LABELS = 10  # decisions of each kind before they replace the default thresholds


def open_pairs(session: Session) -> list[DuplicateCandidate]:
    """Pairs waiting for a decision (both organisations still registered), likeliest first."""
    registered = select(Organisation.id)
    return list(session.scalars(select(DuplicateCandidate).where(
        DuplicateCandidate.status == "open", DuplicateCandidate.first_id.in_(registered),
        DuplicateCandidate.second_id.in_(registered))
        .order_by(DuplicateCandidate.score.desc(), DuplicateCandidate.id)))


def evidence(session: Session, pair: DuplicateCandidate) -> list[dict]:
    """Each side: its values, its name without legal forms, and its outside identifiers."""
    sides = []
    for org_id in (pair.first_id, pair.second_id):
        org = session.get(Organisation, org_id)
        identifiers = session.execute(select(OrgIdentifier.scheme, OrgIdentifier.identifier)
                                      .where(OrgIdentifier.organisation_id == org_id)).all()
        sides.append({"org": org, "normalised": normalise_company_name(org.legal_name),
                      "identifiers": [f"{s} {i}" for s, i in identifiers],
                      "tax": f"{org.tax_country} {org.tax_id}",
                      "address": ", ".join(p for p in (org.town, org.region, org.country) if p)})
    return sides


def _references():
    """Every (table, column) that points at an organisation."""
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "organisation" for fk in column.foreign_keys):
                yield table, column


def _row(session, table, where) -> dict | None:
    found = session.execute(select(table).where(where)).mappings().first()
    return {k: _plain(v) for k, v in found.items()} if found else None


def _plain(value):
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _unplain(table, row: dict) -> dict:
    from sqlalchemy import Date, DateTime

    restored = {}
    for key, value in row.items():
        kind = table.c[key].type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        restored[key] = value
    return restored


def _clashes(session, table, column, row: dict, keep_id: int) -> bool:
    """Would moving ``row`` to ``keep_id`` break a unique constraint of its table?"""
    for constraint in [c for c in table.constraints if c.__class__.__name__ in
                       ("UniqueConstraint", "PrimaryKeyConstraint")]:
        names = [c.name for c in constraint.columns]
        if column.name not in names or (len(names) == 1 and "id" in names):
            continue
        wanted = {n: (keep_id if n == column.name else row[n]) for n in names}
        if session.execute(select(table).where(
                *[table.c[n] == v for n, v in wanted.items()])).first():
            return True
    return False


def merge_pair(session: Session, pair: DuplicateCandidate, keep_id: int, choices: dict,
               user) -> Organisation:
    """Merge the pair into ``keep_id``; ``choices`` says per field which side's value survives
    ("first" or "second"). Every reference moves; the pair keeps what is needed to undo."""
    if pair.status != "open" or keep_id not in (pair.first_id, pair.second_id):
        raise ServiceError({"": _l("This pair is not waiting for a decision.")})
    keep, drop = session.get(Organisation, keep_id), session.get(Organisation,
                                                                 pair.other(keep_id))
    if keep.kind != drop.kind:
        raise ServiceError({"": _l("Organisations of different kinds cannot be merged.")})
    sides = {"first": session.get(Organisation, pair.first_id),
             "second": session.get(Organisation, pair.second_id)}
    own = "first" if keep_id == pair.first_id else "second"
    values = {f: getattr(sides[choices.get(f) or own], f) for f in MERGE_FIELDS}
    values["tax_country"] = sides[choices.get("tax_id") or own].tax_country
    org_table = Organisation.__table__
    record = {"keep_id": keep.id,
              "keep_before": _row(session, org_table, org_table.c.id == keep.id),
              "drop_row": _row(session, org_table, org_table.c.id == drop.id),
              "moved": [], "deleted": []}
    session.flush()
    for table, column in _references():
        if table.name == "duplicate_candidate":
            continue
        key = list(table.primary_key.columns)
        for row in session.execute(select(table).where(column == drop.id)).mappings().all():
            row = dict(row)
            where = [k == row[k.name] for k in key]
            if _clashes(session, table, column, row, keep.id):
                record["deleted"].append({"table": table.name,
                                          "row": {k: _plain(v) for k, v in row.items()}})
                session.execute(delete(table).where(*where))
            else:
                moved_key = {k.name: (keep.id if k.name == column.name else row[k.name])
                             for k in key}
                record["moved"].append({"table": table.name, "column": column.name,
                                        "key": moved_key})
                session.execute(update(table).where(*where).values({column.name: keep.id}))
    for other in session.scalars(select(DuplicateCandidate).where(
            DuplicateCandidate.id != pair.id,
            (DuplicateCandidate.first_id == drop.id) | (DuplicateCandidate.second_id == drop.id))):
        record["deleted"].append({"table": "duplicate_candidate", "row": _row(
            session, DuplicateCandidate.__table__, DuplicateCandidate.__table__.c.id == other.id)})
        session.delete(other)
    session.flush()
    session.execute(update(DuplicateCandidate).where(DuplicateCandidate.id == pair.id)
                    .values(merge_record=record, status="merged", decided_at=utcnow(),
                            decided_by_id=user.id if user else None))
    session.execute(delete(org_table).where(org_table.c.id == drop.id))
    session.execute(update(org_table).where(org_table.c.id == keep.id).values(values))
    session.expire_all()
    _announce(session, keep)
    return session.get(Organisation, keep.id)


def undo_merge(session: Session, pair: DuplicateCandidate, user) -> None:
    """Put both organisations back as they were; the pair waits for a decision again."""
    record = pair.merge_record
    if pair.status != "merged" or not record:
        raise ServiceError({"": _l("This pair was not merged.")})
    tables = Base.metadata.tables
    org_table = Organisation.__table__
    keep_id, drop_id = record["keep_id"], record["drop_row"]["id"]
    session.execute(update(org_table).where(org_table.c.id == keep_id)
                    .values(_unplain(org_table, record["keep_before"])))
    session.execute(insert(org_table).values(_unplain(org_table, record["drop_row"])))
    for moved in record["moved"]:
        table = tables[moved["table"]]
        session.execute(update(table).where(*[table.c[k] == v for k, v in moved["key"].items()])
                        .values({moved["column"]: drop_id}))
    for deleted in record["deleted"]:
        table = tables[deleted["table"]]
        session.execute(insert(table).values(_unplain(table, deleted["row"])))
    session.execute(update(DuplicateCandidate).where(DuplicateCandidate.id == pair.id).values(
        status="open", merge_record=None, decided_at=None, decided_by_id=None))
    session.expire_all()
    _announce(session, session.get(Organisation, keep_id))


def mark_distinct(session: Session, pair: DuplicateCandidate, user) -> None:
    if pair.status != "open":
        raise ServiceError({"": _l("This pair is not waiting for a decision.")})
    pair.status, pair.decided_at = "distinct", utcnow()
    pair.decided_by_id = user.id if user else None
    session.flush()


def _announce(session: Session, org: Organisation) -> None:
    if org.kind == "sme":  # a supplier left the catalogue and another changed: refit
        signals.records_imported.send(session, organisation_ids=[org.id])


def labelled_pairs(session: Session) -> list[tuple[float, bool]]:
    """The decisions so far as (score, same?) labels."""
    return [(score, status == "merged") for score, status in session.execute(
        select(DuplicateCandidate.score, DuplicateCandidate.status).where(
            DuplicateCandidate.status.in_(("merged", "distinct"))))]


def learned_thresholds(session: Session, default: tuple[float, float]) -> tuple[float, float]:
    """Thresholds tuned on the decisions once there are enough of each kind."""
    labels = labelled_pairs(session)
    same = sum(1 for _s, is_same in labels if is_same)
    if same < MIN_LABELS or len(labels) - same < MIN_LABELS:
        return default
    return tune_thresholds(labels, default=default)
