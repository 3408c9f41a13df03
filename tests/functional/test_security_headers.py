"""Response headers: nothing signed-in is cached, HSTS over TLS (also behind a trusted proxy),
and the server under gunicorn names no software or version."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from supplierlink import create_app
from supplierlink.config import PROJECT_ROOT


def test_signed_in_pages_and_exports_are_never_stored(client, session, make_org, make_user,
                                                      login):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    admin = make_user(None, is_admin=True)
    login(admin)
    for url in ("/dashboard", "/admin/audit", "/admin/audit/export.csv", "/account/password"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_hsts_only_over_tls(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_behind_a_trusted_proxy_the_forwarded_scheme_and_address_count(app):
    proxied = create_app({**app.config, "PROXY_COUNT": 1})
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.50"}
    assert "Strict-Transport-Security" in proxied.test_client().get("/login",
                                                                    headers=headers).headers
    # without PROXY_COUNT the same headers are not believed
    assert "Strict-Transport-Security" not in app.test_client().get("/login",
                                                                    headers=headers).headers


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_sends_no_server_software_or_version(tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
           "SECRET_KEY_FILE": str(tmp_path / "absent"), "WEB_CONCURRENCY": "1"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--config", str(PROJECT_ROOT / "gunicorn.conf.py"), "--bind",
         f"127.0.0.1:{port}", "supplierlink:create_app()"], cwd=PROJECT_ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        response = None
        for _ in range(200):  # wait until it answers (a readiness poll, not a timing check)
            try:
                response = urllib.request.urlopen(f"http://127.0.0.1:{port}/static/favicon.svg")
                break
            except OSError:
                time.sleep(0.1)
        assert response is not None, "gunicorn did not start"
        assert response.headers["Server"] == "SupplierLink"
        assert "gunicorn" not in str(response.headers).lower()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_page_carries_the_protective_headers(client, session, make_org, make_user, login):
    org = make_org("sme")
    login(make_user(org), org)
    for url in ("/login", "/supplier/profile"):
        headers = client.get(url).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        policy = headers["Content-Security-Policy"]
        for part in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
                     "object-src 'none'", "base-uri 'none'"):
            assert part in policy
        assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_json_answers_are_attachments_with_a_charset(client, session, make_org, make_user,
                                                     login, reference_data):
    org = make_org("sme")
    login(make_user(org), org)
    response = client.get("/supplier/standards/resolve?q=ISO%209001")
    assert response.status_code == 200 and response.is_json
    assert response.headers["Content-Disposition"] == 'attachment; filename="api.json"'


def test_an_unexpected_error_shows_a_reference_that_is_also_logged(app, caplog):
    broken = create_app({**app.config, "TESTING": False, "PROPAGATE_EXCEPTIONS": False})

    @broken.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = broken.test_client().get("/boom", headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and "secret internals" not in page
    reference = page.split("Reference for the administrators: ")[1][:8]
    assert any(reference in record.getMessage() and record.exc_info
               for record in caplog.records)
