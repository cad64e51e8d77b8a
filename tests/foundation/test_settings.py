"""Configuration errors stop start-up with a message naming the variable."""

import os
import secrets
import subprocess
import sys

import pytest
from django.db import connection

PROD = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "clp.example.org",
    "HTTPS": "true",
}


def run_manage(*args, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    base["DJANGO_SETTINGS_MODULE"] = "clp.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], env={**base, **env}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false", "SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
        ({"DEBUG": "true", "DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({**PROD, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is not set"),
        ({**PROD, "ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list the real host names"),
        ({**PROD, "SECRET_KEY": "short"}, "SECRET_KEY must be a long random string"),
        ({"DEBUG": "true", "REDIS_URL": "http://x"}, "REDIS_URL must start with"),
        ({"DEBUG": "true", "CONN_MAX_AGE": "soon", "DATABASE_URL": "postgres://u@h/db"}, "CONN_MAX_AGE"),
        ({**PROD, "BEHIND_PROXY": "true", "TRUSTED_PROXIES": ""}, "TRUSTED_PROXIES is not set"),
        ({**PROD, "BEHIND_PROXY": "true", "TRUSTED_PROXIES": "the-proxy"}, "TRUSTED_PROXIES must be IP"),
    ],
)
def test_bad_configuration_names_the_variable_without_a_traceback(env, message):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PROD)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_check_deploy_is_clean_behind_a_proxy():
    env = {**PROD, "BEHIND_PROXY": "true", "TRUSTED_PROXIES": "127.0.0.1, 172.18.0.0/16"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr + result.stdout


def test_suite_runs_on_the_database_that_database_url_names():
    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected


def test_time_zone_and_language_are_british(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "en-gb"
