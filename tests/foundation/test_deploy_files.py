"""docker-compose.yml cannot run here (no Docker engine), so it is checked by reading it:
the services the README promises, each with a healthcheck, on the entry points that exist."""

import re
import runpy
from pathlib import Path

import pytest
import yaml
from django.conf import settings

COMPOSE = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())


def test_compose_runs_web_worker_beat_postgres_and_redis_with_healthchecks():
    services = COMPOSE["services"]
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no healthcheck"


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        ("web", "gunicorn clp.wsgi:application"),
        ("worker", "celery -A clp worker"),
        ("beat", "celery -A clp beat"),
    ],
)
def test_app_services_start_the_real_entry_points(service, expected):
    assert expected in COMPOSE["services"][service]["command"]


def test_app_services_use_postgres_and_redis_and_keep_their_data_in_volumes():
    web = COMPOSE["services"]["web"]
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert web["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert {"pgdata", "redisdata", "media"} <= set(COMPOSE["volumes"])


def test_every_variable_the_settings_read_is_documented_in_env_example():
    example = (Path(settings.BASE_DIR) / ".env.example").read_text()
    documented = {
        line.split("=", 1)[0] for line in example.splitlines() if "=" in line and not line.startswith("#")
    }
    source = "".join(p.read_text() for p in (Path(settings.BASE_DIR) / "clp").glob("settings.py"))

    read = set(re.findall(r'config\.\w+\("([A-Z_]+)"', source))
    assert read - documented == set(), f"Not in .env.example: {read - documented}"


def test_compose_publishes_the_web_port_on_this_machine_only_unless_told_otherwise():
    (published,) = COMPOSE["services"]["web"]["ports"]
    assert published == "${WEB_BIND:-127.0.0.1}:8000:8000"
    for name in ("worker", "beat", "postgres", "redis"):
        assert "ports" not in COMPOSE["services"][name], f"{name} is published"


def test_compose_behind_its_proxy_names_the_proxy_it_trusts():
    environment = COMPOSE["services"]["web"]["environment"]
    assert environment["BEHIND_PROXY"] == "true"
    assert environment["TRUSTED_PROXIES"].startswith("${TRUSTED_PROXIES:?")


@pytest.mark.parametrize(
    ("env", "trusted"),
    [
        ({"BEHIND_PROXY": "true", "TRUSTED_PROXIES": "172.18.0.1,10.0.0.0/8"}, "172.18.0.1,10.0.0.0/8"),
        ({"BEHIND_PROXY": "false", "TRUSTED_PROXIES": "172.18.0.1"}, ""),
        ({}, ""),
    ],
)
def test_gunicorn_trusts_forwarded_headers_from_the_same_proxies_as_django(monkeypatch, env, trusted):
    for name in ("BEHIND_PROXY", "TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    assert config["forwarded_allow_ips"] == trusted
    limits = ("limit_request_line", "limit_request_fields", "limit_request_field_size")
    assert all(config[limit] for limit in limits)
