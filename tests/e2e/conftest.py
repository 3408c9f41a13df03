"""Browser tests: the app served from a fresh SQLite file on a free local port, driven by
Chromium through Playwright. Every test in this folder is marked ``e2e``; screenshots of the
pages visited are kept under ``test-artifacts/screenshots/`` for review."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from supplierlink import create_app, migrate
from supplierlink.catalogue.services import load_reference_data
from supplierlink.config import PROJECT_ROOT
from supplierlink.db import get_db
from tests.factories import committed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@dataclass
class LiveServer:
    app: object
    url: str

    def run(self, work):
        """Call ``work(session)`` inside the app and commit: arranges data for a test."""
        return committed(self.app, work)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app on 127.0.0.1 with a free port, on a new SQLite database with the reference
    data loaded; shut down when the module's tests are done."""
    folder = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{folder / 'e2e.sqlite3'}"
    migrate.upgrade(url)
    app = create_app({
        "DATABASE_URL": url,
        "SECRET_KEY": "e2e-secret",
        "UPLOAD_FOLDER": str(folder / "uploads"),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "MAIL_URL": f"file://{folder / 'mail'}",
    })
    server_ = LiveServer(app, "")
    server_.run(load_reference_data)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    server_.url = f"http://127.0.0.1:{http.server_port}"
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield server_
    http.shutdown()
    thread.join(timeout=10)
    get_db(app).engine.dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser):
    """``new_page()`` opens a page in a fresh browser profile (no cookies), in English, at a
    laptop's size: one per person in a walkthrough."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves the whole page as ``test-artifacts/screenshots/name.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
