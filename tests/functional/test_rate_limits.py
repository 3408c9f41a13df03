"""Rate limits on signing in, registering and resetting a password, per account and per address,
in apps of their own that turn the limiter on (the shared test app leaves it off)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import select

from supplierlink import create_app
from supplierlink.audit.models import AuditEvent
from supplierlink.db import get_db
from tests.factories import PASSWORD

REDIS_URL = os.environ.get("SUPPLIERLINK_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def limited_app(app, **config):
    """An app like the test app with the limiter on, sharing the test's transaction."""
    limited = create_app({**app.config, "RATELIMIT_ENABLED": True, **config})
    get_db(limited).session_factory = get_db(app).session_factory
    return limited


@pytest.fixture
def limited(app, connection):
    return limited_app(app, RATELIMIT_LOGIN_ACCOUNT="3 per minute",
                       RATELIMIT_LOGIN_ADDRESS="6 per minute",
                       RATELIMIT_RESET_ACCOUNT="2 per hour",
                       RATELIMIT_REGISTER_ADDRESS="2 per hour")


@pytest.fixture
def iris(session, make_org, make_user):
    user = make_user(make_org(), email="iris@example.org")
    session.commit()
    return user


def attempt(client, email, password="not the password!", ip="203.0.113.9"):
    return client.post("/login", data={"email": email, "password": password},
                       headers={"Accept-Language": "en"}, environ_base={"REMOTE_ADDR": ip})


def test_refused_sign_ins_are_limited_per_account_with_a_message_and_retry_after(
        limited, session, iris):
    client = limited.test_client()
    assert [attempt(client, iris.email).status_code for _ in range(3)] == [422] * 3
    refused = attempt(client, iris.email)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "Too many attempts" in refused.get_data(as_text=True)
    # the right password is refused too until the window passes (the account is the target)
    assert attempt(client, iris.email, PASSWORD).status_code == 429
    # from another address, for the same account: still limited
    assert attempt(client, iris.email, ip="198.51.100.1").status_code == 429
    # another account from the first address is not
    assert attempt(client, "other@example.org").status_code == 422
    logged = session.scalars(select(AuditEvent).where(AuditEvent.event == "rate-limited")).all()
    assert len(logged) == 3 and logged[0].details["email"] == iris.email
    assert logged[0].ip == "203.0.113.9"


def test_successful_sign_ins_do_not_use_up_the_account_limit(limited, iris):
    client = limited.test_client()
    for _ in range(4):
        assert attempt(client, iris.email, PASSWORD).status_code == 302
        client.post("/logout")


def test_sign_ins_are_limited_per_address_across_accounts(limited, session):
    client = limited.test_client()
    codes = [attempt(client, f"user{n}@example.org").status_code for n in range(7)]
    assert codes == [422] * 6 + [429]
    assert attempt(client, "user9@example.org", ip="192.0.2.55").status_code == 422


def test_reset_requests_are_limited_per_account(limited, iris):
    client = limited.test_client()
    codes = [client.post("/password/forgot", data={"email": iris.email},
                         environ_base={"REMOTE_ADDR": f"192.0.2.{n}"}).status_code
             for n in range(3)]
    assert codes == [302, 302, 429]


def test_registration_is_limited_per_address(limited):
    client = limited.test_client()
    codes = [client.post("/register", data={"email": f"x{n}@example.org"}).status_code
             for n in range(3)]
    assert codes == [422, 422, 429]


def test_pages_are_not_limited_only_posts(limited):
    client = limited.test_client()
    assert {client.get("/login").status_code for _ in range(10)} == {200}


def test_with_redis_configured_the_counts_live_in_redis(app, connection, iris):
    from redis import Redis

    prefix = f"supplierlink-test-{os.getpid()}"
    redis_app = limited_app(app, REDIS_URL=REDIS_URL, RATELIMIT_LOGIN_ACCOUNT="2 per minute",
                            RATELIMIT_KEY_PREFIX=prefix)
    assert type(redis_app.extensions["supplierlink.limiter"].storage).__name__ == "RedisStorage"
    assert type(limited_app(app).extensions["supplierlink.limiter"].storage).__name__ == \
        "MemoryStorage"
    client = redis_app.test_client()
    redis = Redis.from_url(REDIS_URL)
    try:
        assert [attempt(client, iris.email).status_code for _ in range(3)] == [422, 422, 429]
        assert redis.keys(f"*{prefix}*")
        # another process (another app on the same Redis) sees the same counts
        again = limited_app(app, REDIS_URL=REDIS_URL, RATELIMIT_LOGIN_ACCOUNT="2 per minute",
                            RATELIMIT_KEY_PREFIX=prefix)
        assert attempt(again.test_client(), iris.email).status_code == 429
    finally:
        for key in redis.keys(f"*{prefix}*"):
            redis.delete(key)
        redis.close()


def test_the_shared_test_app_has_the_limiter_off(app):
    assert app.config["RATELIMIT_ENABLED"] is False


def test_the_limiter_runs_only_for_the_blueprint_it_limits(limited, iris):
    limiter = limited.extensions["supplierlink.limiter"]

    def of_limiter(hook) -> bool:
        return getattr(hook, "__self__", None) is limiter or \
            limiter in getattr(hook, "args", ())[:1]

    for hooks in (limited.before_request_funcs, limited.after_request_funcs,
                  limited.teardown_request_funcs):
        assert not any(of_limiter(hook) for hook in hooks.get(None, []))
        assert any(of_limiter(hook) for hook in hooks.get("auth", []))
    client = limited.test_client()
    # the limited page still answers with its limit (the after-request hook ran there) ...
    refused_once = attempt(client, iris.email)
    assert refused_once.status_code == 422 and refused_once.headers["X-RateLimit-Limit"]
    # ... and a page elsewhere says nothing of limits
    page = client.get("/healthz")
    assert page.status_code == 200 and "X-RateLimit-Limit" not in page.headers
