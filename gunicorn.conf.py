"""gunicorn settings for `make serve` and production (`gunicorn -c gunicorn.conf.py ...`)."""

import os

import gunicorn.http.wsgi

# Every response names its server; say nothing about which software or version answers.
gunicorn.http.wsgi.SERVER = "SupplierLink"

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# requests larger than this are cut off before they reach the app
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
# the proxies allowed to say a request came over TLS (X-Forwarded-Proto); see PROXY_COUNT
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
