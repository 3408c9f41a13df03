"""Operation: ``/healthz`` for load balancers, and one log line per request with its id."""

from __future__ import annotations

import logging
import os

import pytest


@pytest.fixture
def without_redis_client(app):
    app.extensions.pop("supplierlink.health_redis", None)
    yield
    app.extensions.pop("supplierlink.health_redis", None)


def test_healthz_checks_the_database(client, monkeypatch, app):
    monkeypatch.setitem(app.config, "REDIS_URL", None)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert body["status"] == "ok" and body["checks"]["database"]["ok"] is True
    assert "redis" not in body["checks"]


def test_healthz_is_503_naming_redis_when_it_does_not_answer(client, monkeypatch, app,
                                                              without_redis_client):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is False and body["checks"]["redis"]["error"]


REDIS_URLS = ["stub"] + ([os.environ["SUPPLIERLINK_TEST_REDIS_URL"]]
                         if os.environ.get("SUPPLIERLINK_TEST_REDIS_URL") else [])


@pytest.mark.parametrize("redis_url", REDIS_URLS)
def test_healthz_is_200_when_redis_answers(client, monkeypatch, app, without_redis_client,
                                           redis_url):
    if redis_url == "stub":
        class Answering:
            def ping(self):
                return True

        redis_url = "redis://stub/0"
        app.extensions["supplierlink.health_redis"] = Answering()
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["checks"]["redis"]["ok"] is True


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def refuse():
        raise ConnectionRefusedError("database down")

    monkeypatch.setattr("supplierlink.health._check_database", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"] == {
        "ok": False, "error": "ConnectionRefusedError",
        "ms": response.get_json()["checks"]["database"]["ms"]}


def test_each_request_is_logged_once_with_the_id_it_came_with(client, caplog):
    with caplog.at_level(logging.INFO, logger="supplierlink.requests"):
        response = client.get("/login", headers={"X-Request-ID": "lb-1234.abc"})
        response.close()  # the line is written when the answer has been sent
    assert response.headers["X-Request-ID"] == "lb-1234.abc"
    lines = [r for r in caplog.records if r.name == "supplierlink.requests"]
    assert len(lines) == 1
    assert lines[0].request_id == "lb-1234.abc"
    assert lines[0].getMessage().startswith("GET /login 200 ")


def test_a_request_without_a_sensible_id_gets_one(client, caplog):
    with caplog.at_level(logging.INFO, logger="supplierlink.requests"):
        first = client.get("/login", headers={"X-Request-ID": "no spaces; or <tags>"})
        second = client.get("/login")
        first.close()
        second.close()
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert all(len(i) == 32 for i in ids) and ids[0] != ids[1]
    assert [r.request_id for r in caplog.records if r.name == "supplierlink.requests"] == ids


def test_log_lines_go_to_stdout_with_the_request_id(client, capsys):
    client.get("/login", headers={"X-Request-ID": "trace-42"}).close()
    lines = [line for line in capsys.readouterr().out.splitlines() if "[trace-42]" in line]
    assert len(lines) == 1 and "INFO supplierlink.requests" in lines[0]
    assert "GET /login 200" in lines[0]


def test_a_request_line_names_the_user_by_id_never_by_the_token_that_signs_them_in(
        client, caplog, login, make_org, make_user, session):
    """The session's cookie value holds the user's id and the token of their server-side
    session; a log line names the user by id alone, whether the page, an answer refused or
    the API served them, and names nobody for a visitor or a session that has ended."""
    from supplierlink.api.tokens import create_token
    from supplierlink.auth.sessions import end_session

    user = make_user(make_org("lead_firm"))
    login(user, user.memberships[0].organisation)
    token = user.session_token
    api = create_token(session, user, "logs", "read", 30).secret
    session.commit()
    with caplog.at_level(logging.INFO, logger="supplierlink.requests"):
        for url, headers in (("/dashboard", {}), ("/requirements/999999", {}),
                             ("/api/v1/me", {"Authorization": f"Bearer {api}"})):
            client.get(url, headers=headers).close()
        end_session(session, token)
        session.commit()
        client.get("/dashboard").close()
    lines = [r.getMessage() for r in caplog.records if r.name == "supplierlink.requests"]
    assert len(lines) == 4, lines
    assert all(token not in line and api not in line for line in lines), lines
    assert [line.rsplit(" ", 1)[-1] for line in lines] == [f"user={user.id}"] * 3 + ["user=-"]


def test_a_request_on_a_connection_the_server_dropped_is_run_again(empty_database, tmp_path):
    """Pooled connections are not tested before each use: one that was dropped (a database
    restart) fails its first statement, and the request runs again on a live one."""
    from sqlalchemy import create_engine, text

    from supplierlink import create_app, migrate
    from supplierlink.db import get_db

    migrate.upgrade(empty_database)
    app = create_app({"TESTING": True, "DATABASE_URL": empty_database, "SECRET_KEY": "test",
                      "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": str(tmp_path),
                      "MAIL_URL": f"file://{tmp_path}"})
    engine = get_db(app).engine
    try:
        client = app.test_client()
        assert client.get("/directory/").status_code == 200  # a connection now waits in the pool
        pooled = list(engine.pool._pool.queue)
        assert pooled
        if empty_database.startswith("postgresql"):
            admin = create_engine(empty_database, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                ended = conn.scalar(text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            admin.dispose()
            assert ended >= 1
        else:
            for record in pooled:
                record.dbapi_connection.close()
        answer = client.get("/directory/")
        assert answer.status_code == 200
        assert "Supplier" in answer.get_data(as_text=True)
    finally:
        engine.dispose()
