"""``named_rows``: a statement's rows as named tuples, read by name or position alike."""

from datetime import date

from sqlalchemy import column, create_engine, literal, select, text

from supplierlink.db import named_rows


def test_each_row_reads_the_same_by_name_as_by_position_in_the_statement_order():
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER, title TEXT, need_date DATE)"))
        conn.execute(text("INSERT INTO t VALUES (2, 'Correas', '2027-01-05'), "
                          "(1, 'Bombas', NULL)"))
        statement = (select(column("id"), column("title"), column("need_date"),
                            literal("open").label("grp"))
                     .select_from(text("t")).order_by(column("id").desc()))
        rows = named_rows(conn.execute(statement))
        plain = conn.execute(statement).all()
    assert [tuple(row) for row in rows] == [tuple(row) for row in plain]
    assert [(row.id, row.title, row.grp) for row in rows] == [(2, "Correas", "open"),
                                                               (1, "Bombas", "open")]
    assert rows[1].need_date is None and rows[0][2] in ("2027-01-05", date(2027, 1, 5))


def test_a_repeated_or_unusable_name_is_read_at_its_position():
    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        rows = named_rows(conn.execute(text("SELECT 1 AS id, 2 AS id, 3 AS \"count(*)\"")))
    assert tuple(rows[0]) == (1, 2, 3)
    assert rows[0].id == 1
