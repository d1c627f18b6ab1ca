"""A real gunicorn on the test database: its address, and waiting until it has left."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def server_gone():
    """After a run, wait until gunicorn's workers have left the database, so it can be dropped at the end."""
    yield
    for _ in range(100):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.1)


def served_database_url() -> str:
    settings = connection.settings_dict
    credentials = quote(settings["USER"] or "")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"])
    return f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
