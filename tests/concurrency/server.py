"""The app as the concurrency test serves it under gunicorn: the real app on the database the
test prepared, with CSRF off and a cheap password hash so that signing in is quick."""

from __future__ import annotations

import os


def make_app():
    from supplierlink import create_app

    return create_app({
        "DATABASE_URL": os.environ["CONCURRENCY_DATABASE_URL"],
        "UPLOAD_FOLDER": os.environ["CONCURRENCY_UPLOAD_FOLDER"],
        "SECRET_KEY": "concurrency-secret",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "REDIS_URL": None,
    })
