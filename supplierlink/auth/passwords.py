"""Password policy (length and a list of common passwords, no composition rules) and hashing."""

from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
COMMON_PASSWORDS = frozenset(
    ["123456789012", "password1234", "passwordpassword", "qwertyuiopas", "111111111111", "123123123123", "iloveyou1234", "administrator", "contraseña123", "contrasena123", "senha1234567", "supplierlink", "abc123456789", "qwerty123456", "welcome12345", "letmein12345", "000000000000", "password123!"]
)


def password_problems(password: str, email: str = "") -> list[str]:
    """Message keys for what is wrong with ``password`` (empty when acceptable)."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append("too_short")
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) <= 2:
        problems.append("too_common")
    elif local and len(local) >= 4 and local in lowered:
        problems.append("contains_email")
    return problems


def hash_password(password: str) -> str:
    from flask import current_app, has_app_context

    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt") if has_app_context() else "scrypt"
    return generate_password_hash(password, method=method)


def verify_password(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)
