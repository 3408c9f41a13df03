"""Real servers and plain HTTP clients for the concurrency test: gunicorn (several worker
processes with threads) on a database of the test's own, and one cookie jar per user."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from werkzeug.test import encode_multipart

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Answer:
    status: int
    text: str
    headers: dict


class Browser:
    """One user's cookies; requests go out on fresh connections, so threads may share it."""

    def __init__(self, port: int, language: str = "en"):
        self.port = port
        self.cookies = {"lang": language}

    def send(self, method: str, path: str, data: dict | None = None,
             keep_cookies: bool = True) -> Answer:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            if any(hasattr(v, "stream") for v in data.values()):
                boundary, body = encode_multipart(data)
                headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            else:
                body = urlencode(data).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            if keep_cookies:
                for line in response.headers.get_all("Set-Cookie") or []:
                    for name, morsel in SimpleCookie(line).items():
                        self.cookies[name] = morsel.value
            return Answer(response.status, text, dict(response.headers))
        finally:
            conn.close()

    def sign_in(self, email: str, password: str) -> None:
        answer = self.send("POST", "/login", {"email": email, "password": password})
        assert answer.status == 302, f"{email} could not sign in: {answer.status}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    port: int
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def gunicorn(database_url: str, folder: Path, workers: int = 2, threads: int = 4):
    """The app under gunicorn with the project's config (``gunicorn.conf.py``), ready when
    ``/healthz`` answers 200."""
    port = free_port()
    env = {**os.environ, "CONCURRENCY_DATABASE_URL": database_url,
           "CONCURRENCY_UPLOAD_FOLDER": str(folder / "uploads"), "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("REDIS_URL", None)
    log = folder / f"gunicorn-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(PROJECT_ROOT / "gunicorn.conf.py"),
             "--workers", str(workers), "--threads", str(threads),
             "--bind", f"127.0.0.1:{port}", "tests.concurrency.server:make_app()"],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(port, log)
    try:
        _wait_until_healthy(process, server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(process, server: Server, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn stopped:\n{server.log_text()[-3000:]}")
        try:
            if Browser(server.port).send("GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"gunicorn did not become healthy:\n{server.log_text()[-3000:]}")
