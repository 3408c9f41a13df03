"""Rate limits on signing in, registering and password reset, per address and per account.

Each app gets its own limiter (``app.extensions["supplierlink.limiter"]``), counting in Redis
when ``REDIS_URL`` is set (so every process shares the counts) and in memory otherwise.
Signing in counts only the refused attempts per account, so a person who signs in often is
never locked out by their own successes. A refusal answers 429 with ``Retry-After`` and a page
that says when to try again, and is recorded in the audit log.
"""

from __future__ import annotations

import time
from functools import partial

from flask import Flask, g, render_template, request
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

#: endpoint -> [(config key of the limit, per: "address" | "account", refused only)]
LIMITED = {
    "auth.login": [("RATELIMIT_LOGIN_ADDRESS", "address", False),
                   ("RATELIMIT_LOGIN_ACCOUNT", "account", True)],
    "auth.register": [("RATELIMIT_REGISTER_ADDRESS", "address", False),
                      ("RATELIMIT_REGISTER_ACCOUNT", "account", False)],
    "auth.forgot_password": [("RATELIMIT_RESET_ADDRESS", "address", False),
                             ("RATELIMIT_RESET_ACCOUNT", "account", False)],
    "auth.reset_password": [("RATELIMIT_RESET_ADDRESS", "address", False)],
}

DEFAULTS = {
    "RATELIMIT_LOGIN_ADDRESS": "30 per 15 minutes",
    "RATELIMIT_LOGIN_ACCOUNT": "10 per 15 minutes",
    "RATELIMIT_REGISTER_ADDRESS": "10 per hour",
    "RATELIMIT_REGISTER_ACCOUNT": "5 per hour",
    "RATELIMIT_RESET_ADDRESS": "10 per hour",
    "RATELIMIT_RESET_ACCOUNT": "3 per hour",
}


def account_key() -> str:
    """The account a form names (its e-mail, normalised), or the address when it names none."""
    email = (request.form.get("email") or "").strip().lower()
    return f"account:{email}" if email else f"address:{get_remote_address()}"


def _refused(response) -> bool:
    return response.status_code >= 400


def _on_breach(request_limit) -> None:
    from supplierlink import signals
    from supplierlink.db import get_session

    g.retry_after = max(1, int(request_limit.reset_at - time.time()))
    email = (request.form.get("email") or "").strip().lower() or None
    signals.rate_limited.send(get_session(), what=request.endpoint, email=email,
                              limit=str(request_limit.limit))


def init_app(app: Flask) -> None:
    """Give ``app`` its limiter; call after the blueprints are registered."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "supplierlink")
    storage = (app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL")
               or "memory://")
    limiter = Limiter(get_remote_address, on_breach=_on_breach, storage_uri=storage)
    limiter.init_app(app)
    app.extensions["supplierlink.limiter"] = limiter

    @limiter.request_filter
    def _unlimited() -> bool:
        # only the endpoints below have limits (there are no defaults): the other pages of
        # their blueprints (signing out, say) skip the limiter's search for limits
        return request.endpoint not in LIMITED
    for endpoint, rules in LIMITED.items():
        view = app.view_functions.get(endpoint)
        if view is None:
            continue
        for config_key, per, refused_only in rules:
            view = limiter.limit(
                app.config[config_key], key_func=account_key if per == "account"
                else get_remote_address, methods=["POST"], scope=f"{endpoint}:{per}",
                deduct_when=_refused if refused_only else None)(view)
        app.view_functions[endpoint] = view
    _hooks_to_blueprints(app, limiter, {endpoint.split(".")[0] for endpoint in LIMITED})
    app.register_error_handler(429, _too_many)


def _hooks_to_blueprints(app: Flask, limiter: Limiter, blueprints: set[str]) -> None:
    """Flask-Limiter hooks every request of the app (a check before, headers and refused-only
    counts after, a reset at the end). Every limit is on an endpoint of ``blueprints``, so its
    hooks move there: a request to any other page does not go through them."""
    def of_limiter(hook) -> bool:
        return getattr(hook, "__self__", None) is limiter or (
            isinstance(hook, partial) and hook.args[:1] == (limiter,))

    for hooks in (app.before_request_funcs, app.after_request_funcs,
                  app.teardown_request_funcs):
        moved = [hook for hook in hooks.get(None, []) if of_limiter(hook)]
        if not moved:
            continue
        hooks[None] = [hook for hook in hooks[None] if not of_limiter(hook)]
        for name in sorted(blueprints):
            hooks.setdefault(name, []).extend(moved)


def _too_many(_error):
    seconds = g.get("retry_after", 60)
    minutes = max(1, -(-seconds // 60))
    response = render_template(
        "errors/error.html", title=_("Too many attempts"),
        text=_("Too many attempts from here or for this account. Try again in %(n)s minutes.",
               n=minutes))
    return response, 429, {"Retry-After": str(seconds)}
