import pytest

from supplierlink.config import (
    DEV_SECRET_KEY,
    ConfigError,
    ensure_instance_secret_key,
    load_config,
)


@pytest.fixture
def no_key_file(tmp_path):
    return {"SECRET_KEY_FILE": str(tmp_path / "absent")}


def test_development_gets_a_default_secret_and_sqlite(no_key_file):
    config = load_config(no_key_file)
    assert config["SECRET_KEY"] == DEV_SECRET_KEY
    assert config["DATABASE_URL"].startswith("sqlite:///")
    assert config["SESSION_COOKIE_SECURE"] is False


def test_production_refuses_to_start_without_a_secret_key(no_key_file):
    with pytest.raises(ConfigError):
        load_config({"SUPPLIERLINK_ENV": "production", **no_key_file})


@pytest.mark.parametrize("key", [DEV_SECRET_KEY, "short-key"])
def test_outside_development_the_development_key_or_a_short_one_is_refused(no_key_file, key):
    for mode in ("production", "staging"):
        with pytest.raises(ConfigError, match="SECRET_KEY"):
            load_config({"SUPPLIERLINK_ENV": mode, "SECRET_KEY": key, **no_key_file})


def test_a_key_generated_into_the_instance_folder_is_random_kept_and_private(tmp_path):
    path = ensure_instance_secret_key(tmp_path / "instance" / "secret_key")
    key = path.read_text()
    assert len(key) == 64 and key != DEV_SECRET_KEY
    assert path.stat().st_mode & 0o777 == 0o600
    assert ensure_instance_secret_key(path).read_text() == key  # generated once
    config = load_config({"SUPPLIERLINK_ENV": "production", "SECRET_KEY_FILE": str(path)})
    assert config["SECRET_KEY"] == key
    other = ensure_instance_secret_key(tmp_path / "elsewhere" / "secret_key").read_text()
    assert other != key


def test_session_and_limit_settings_come_from_the_environment(no_key_file):
    config = load_config({"SESSION_IDLE_MINUTES": "5", "SESSION_MAX_HOURS": "2",
                          "RATELIMIT_ENABLED": "0", **no_key_file})
    assert (config["SESSION_IDLE_MINUTES"], config["SESSION_MAX_HOURS"]) == (5, 2)
    assert config["RATELIMIT_ENABLED"] is False
    defaults = load_config(no_key_file)
    assert (defaults["SESSION_IDLE_MINUTES"], defaults["SESSION_MAX_HOURS"]) == (30, 12)
    assert defaults["RATELIMIT_ENABLED"] is True
    with pytest.raises(ConfigError):
        load_config({"SESSION_IDLE_MINUTES": "half an hour", **no_key_file})


def test_production_cookies_are_secure_httponly_and_samesite(no_key_file):
    config = load_config({"SUPPLIERLINK_ENV": "production", "SECRET_KEY": "s" * 40,
                          "DATABASE_URL": "postgresql+psycopg://db/supplierlink", **no_key_file})
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["DATABASE_URL"].startswith("postgresql")
    assert (config["SESSION_COOKIE_NAME"], config["REMEMBER_COOKIE_NAME"]) == (
        "__Host-session", "__Host-remember")
    assert config["REMEMBER_COOKIE_SECURE"] and config["REMEMBER_COOKIE_HTTPONLY"]
