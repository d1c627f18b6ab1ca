"""gunicorn's production settings: threaded workers, so a long export is not killed by the worker timeout."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "config" / "gunicorn.conf.py"


def settings(monkeypatch: pytest.MonkeyPatch, **environment: str) -> dict[str, object]:
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_workers_are_threaded_so_the_timeout_does_not_limit_a_request(monkeypatch):
    conf = settings(monkeypatch)
    assert conf["worker_class"] == "gthread"
    assert (conf["workers"], conf["threads"]) == (3, 4)
    assert conf["graceful_timeout"] >= 30


def test_the_worker_count_comes_from_web_concurrency(monkeypatch):
    assert settings(monkeypatch, WEB_CONCURRENCY="7", GUNICORN_THREADS="2")["workers"] == 7


@pytest.mark.parametrize("value", ["many", "0", "-2"])
def test_a_bad_worker_count_stops_the_start_with_its_name(monkeypatch, value):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY"):
        settings(monkeypatch, WEB_CONCURRENCY=value)


def test_gunicorn_reads_the_file(monkeypatch):
    from gunicorn.config import Config

    config = Config()
    for name, value in settings(monkeypatch, WEB_CONCURRENCY="2").items():
        if name in config.settings:
            config.set(name, value)
    assert (config.worker_class_str, config.workers, config.timeout) == ("gthread", 2, 60)
