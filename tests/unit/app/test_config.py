import pytest

from supplierlink.config import DEV_SECRET_KEY, ConfigError, load_config


def test_development_gets_a_default_secret_and_sqlite():
    config = load_config({})
    assert config["SECRET_KEY"] == DEV_SECRET_KEY
    assert config["DATABASE_URL"].startswith("sqlite:///")
    assert config["SESSION_COOKIE_SECURE"] is False


def test_production_refuses_to_start_without_a_secret_key():
    with pytest.raises(ConfigError):
        load_config({"SUPPLIERLINK_ENV": "production"})


def test_production_cookies_are_secure_httponly_and_samesite():
    config = load_config({"SUPPLIERLINK_ENV": "production", "SECRET_KEY": "s" * 40,
                          "DATABASE_URL": "postgresql+psycopg://db/supplierlink"})
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["DATABASE_URL"].startswith("postgresql")
