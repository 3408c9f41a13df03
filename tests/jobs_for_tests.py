"""A job that fails on its first attempt, to show that queued jobs are retried."""

from __future__ import annotations

from flask import current_app
from redis import Redis

from supplierlink import jobs


@jobs.job
def fails_once(_session, key: str) -> None:
    attempts = Redis.from_url(current_app.config["REDIS_URL"]).incr(key)
    if attempts == 1:
        raise RuntimeError("first attempt fails")
