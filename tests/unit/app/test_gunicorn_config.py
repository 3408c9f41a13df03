"""``gunicorn.conf.py``: what ``make serve`` runs, sized for the machine and changeable from the
environment (the concurrency test serves the app with it)."""

from __future__ import annotations

import os
import runpy

from supplierlink.config import PROJECT_ROOT

CONFIG = str(PROJECT_ROOT / "gunicorn.conf.py")


def test_one_single_threaded_worker_per_core_by_default(monkeypatch):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_BIND", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = runpy.run_path(CONFIG)
    assert settings["workers"] == max(2, min(os.cpu_count() or 1, 8))
    assert (settings["worker_class"], settings["threads"]) == ("sync", 1)
    assert settings["bind"] == "127.0.0.1:5000"
    assert settings["wsgi_app"] == "supplierlink:create_app()" and settings["preload_app"]
    assert settings["accesslog"] is None  # the app logs each request itself


def test_the_environment_changes_workers_threads_and_address(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_THREADS", "8")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:8000")
    settings = runpy.run_path(CONFIG)
    assert (settings["workers"], settings["threads"], settings["bind"]) == (3, 8, "0.0.0.0:8000")
    assert settings["worker_class"] == "gthread"  # threads need the threaded worker
