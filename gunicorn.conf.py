"""Gunicorn settings for ``make serve`` (``gunicorn -c gunicorn.conf.py``).

Sized for a small machine, 2 cores here: one single-threaded (``sync``) worker process per
core, at least two (``supplierlink.config.default_web_workers``). Page rendering and ranking
use the CPU under Python's global lock, and PostgreSQL runs beside the app: more processes
than cores only take turns on them (``make bench-web`` on 2 cores, alternately: 2 workers
served every page faster than 4, candidates at 78-91 requests/s and p95 109-143 ms against
52-59 and 168-189). Threads in one process share one core, and a threaded worker keeps
every connection it accepted, so the connections a browser or a proxy keeps open can all
land on one worker while the other idles (threaded, one worker at a full core and the other
idle, 24-46 requests/s on the candidates page).
A sync worker takes one request at a time and closes the connection, so requests spread over
the workers as they come; run it behind a proxy that buffers slow clients (nginx, a load
balancer). Each process keeps its own matching engine in memory once it needs one. Every
value can be changed through the environment without editing this file: more workers
(``WEB_CONCURRENCY``; with the database on another machine, where requests wait on the
network, more than one per core), more than one thread (``GUNICORN_THREADS``) serves with
threaded workers instead.
"""

import os

import gunicorn.http.wsgi

from supplierlink.config import default_web_workers

# Every response names its server; say nothing about which software or version answers.
gunicorn.http.wsgi.SERVER = "SupplierLink"

bind = os.environ.get("GUNICORN_BIND") or (
    f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}")
workers = int(os.environ.get("WEB_CONCURRENCY") or default_web_workers())
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
# a request waiting for a busy SQLite database may wait its busy timeout (20 s) a few times
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 90)
graceful_timeout = 30
keepalive = 5
wsgi_app = "supplierlink:create_app()"
# Import the app once, before the workers are forked: they start at once and share the memory
# of the libraries. Each worker still builds its own matching engine on first use.
preload_app = True


def pre_fork(server, worker):
    """The app and its libraries, loaded once in the master, stay out of the workers' garbage
    collections (each full pass would walk them all) and their memory stays shared."""
    import gc

    gc.freeze()


def post_fork(server, worker):
    """Connections the master may have opened while loading the app are not the worker's."""
    from supplierlink.db import get_db

    get_db(worker.app.wsgi()).engine.dispose(close=False)


# requests larger than this are cut off before they reach the app
limit_request_line = 8190
limit_request_fields = 100
# the proxies allowed to say a request came over TLS (X-Forwarded-Proto); see PROXY_COUNT
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app logs one line per request on stdout with its request id (supplierlink.requestlog);
# gunicorn's own messages (start, stop, a worker that died) go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
