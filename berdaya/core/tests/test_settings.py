"""Settings come from the environment and refuse bad values loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parents[3]
GOOD_SECRET = "k3J9-qW7zP2mX8vB4nT6yR1cF5hL0dS9aG3eU7iO2wQ4tY8uE6"


def run_django(code: str, **environ) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("BERDAYA_", "DJANGO_"))}
    full_env.pop("DATABASE_URL", None)
    full_env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **environ})
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_reads_typed_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env.env_bool("X_BOOL") is True
    assert env.env_int("X_INT", 1) == 42
    assert env.env_list("X_LIST") == ["a", "b", "c"]
    assert env.env_int("X_MISSING", 7) == 7


@pytest.mark.parametrize(
    "name,value,reader",
    [
        ("X_BOOL", "maybe", lambda: env.env_bool("X_BOOL")),
        ("X_INT", "ten", lambda: env.env_int("X_INT", 1)),
        ("X_INT", "0", lambda: env.env_int("X_INT", 1, minimum=1)),
        ("X_CHOICE", "staging", lambda: env.env_choice("X_CHOICE", ("a", "b"), "a")),
        ("X_DB", "mysql://x@y/z", lambda: env.env_database("X_DB", "sqlite:///x")),
        ("X_DB", "not a url", lambda: env.env_database("X_DB", "sqlite:///x")),
    ],
)
def test_it_refuses_a_bad_value_naming_the_variable(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader()


def test_it_refuses_to_start_in_production_without_a_real_secret_key():
    result = run_django("import django; django.setup()", BERDAYA_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_it_stops_start_up_on_a_bad_environment_value():
    result = run_django("import django; django.setup()", DEBUG="sometimes")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_it_passes_the_deploy_check_under_production_settings():
    result = run_django(
        "import django, sys; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')",
        BERDAYA_ENV="production",
        SECRET_KEY=GOOD_SECRET,
        ALLOWED_HOSTS="berdaya.depok.go.id",
    )
    assert result.returncode == 0, result.stderr


def test_it_uses_indonesian_and_jakarta_time(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.BERDAYA_CITY_CODE == "32.76"
