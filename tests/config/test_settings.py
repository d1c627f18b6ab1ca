"""Production settings come from the environment and refuse bad values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-secret-" + "x" * 30,
    "ALLOWED_HOSTS": "moments.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://moments.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "submission://moments:secret@smtp.example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = manage("check", env=PRODUCTION_ENV | {"SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("CONN_MAX_AGE", "soon", "CONN_MAX_AGE must be a whole number"),
        ("TIME_ZONE", "Mars/Olympus", "not a known time zone"),
        ("TASKS_BACKEND", "carrier-pigeon", "TASKS_BACKEND must be one of"),
        ("EMAIL_URL", "pigeon://coop", "EMAIL_URL must start with"),
        ("LOGIN_FAILURE_LIMIT", "0", "LOGIN_FAILURE_LIMIT must be at least 1"),
        ("LOGIN_LOCKOUT_MINUTES", "a while", "LOGIN_LOCKOUT_MINUTES must be a whole number"),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(name, value, message):
    result = manage("check", env=PRODUCTION_ENV | {name: value})
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        pytest.param({}, "config.cache.DatabaseCache", id="database-by-default"),
        pytest.param(
            {"REDIS_URL": "redis://cache.internal:6379/0"}, "django.core.cache.backends.redis.RedisCache", id="redis"
        ),
    ],
)
def test_the_default_cache_is_one_that_every_process_shares(env, backend):
    # The rate limit of the public pages counts in it; a per-process cache
    # (locmem) would give each gunicorn worker a limit of its own.
    show = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    result = manage("shell", "--no-imports", "-c", show, env=PRODUCTION_ENV | env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


def test_the_redis_client_is_installed_for_redis_url():
    import redis

    assert redis.Redis


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    monkeypatch.setenv("COUNT", "3")
    monkeypatch.setenv("HOSTS", " a.example.org, ,b.example.org ")
    assert env_bool("FLAG", default=False) is True
    assert env_bool("UNSET_FLAG", default=True) is True
    assert env_int("COUNT", 1) == 3
    assert env_list("HOSTS", []) == ["a.example.org", "b.example.org"]


def test_login_lockout_thresholds_come_from_the_environment():
    env = PRODUCTION_ENV | {"LOGIN_FAILURE_LIMIT": "4", "LOGIN_LOCKOUT_MINUTES": "30"}
    code = "from django.conf import settings; print(settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)"

    result = manage("shell", "--no-imports", "-c", code, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["4", "0:30:00"]
