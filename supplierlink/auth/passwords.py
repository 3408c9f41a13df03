"""Password policy and hashing.

The policy is length plus guessability, with no composition rules (ASVS 2.1): at least 12
characters, not among the 30,000 most common passwords of real breaches (the list zxcvbn ships),
and not guessable by zxcvbn's estimate within 10^8 guesses (dictionary words, names, keyboard
patterns, dates, repeats and l33t variants of the list, and the person's own e-mail and name).
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
#: zxcvbn score (0-4) a password must reach: 3 means "safely unguessable" (~10^8 guesses)
MIN_SCORE = 3
#: zxcvbn estimates the first this many characters (a password this long is long enough)
MAX_CHECKED_LENGTH = 72  # zxcvbn refuses longer input


@lru_cache(maxsize=1)
def breached_passwords() -> frozenset[str]:
    """The most common passwords seen in breaches (zxcvbn's list, about 30,000 entries)."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problems(password: str, email: str = "", name: str = "") -> list[str]:
    """Message keys for what is wrong with ``password`` (empty when acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if lowered in breached_passwords() or len(set(lowered)) <= 2:
        problems.append("too_common")
    elif local and len(local) >= 4 and local in lowered:
        problems.append("contains_email")
    elif len(password) >= MIN_LENGTH:
        inputs = [part for part in (email, local, name, *name.split()) if part]
        if zxcvbn(password[:MAX_CHECKED_LENGTH], user_inputs=inputs)["score"] < MIN_SCORE:
            problems.append("too_common")
    return problems


def _method() -> str:
    from flask import current_app, has_app_context

    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_method())


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


_DUMMY_HASHES: dict[str, str] = {}


def verify_against_nobody(password: str) -> None:
    """Check ``password`` against a hash made with the configured method, spending the time a
    real check takes when the account does not exist (the hash is made once per method)."""
    method = _method()
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = hash_password("no account has this password")
    check_password_hash(_DUMMY_HASHES[method], password)
