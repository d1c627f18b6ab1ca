"""`make bench-export` in miniature: a few hundred contacts downloaded from a real gunicorn, so the benchmark
does not rot and the production config serves a complete file.

PostgreSQL only, as the benchmark; the server reads the test database, hence a transactional test.
"""

from __future__ import annotations

import pytest

from accounts.models import User
from bench.export.run import BASELINE_PATH, EXPORT_PATH, download, ensure_data, report
from tests.bench.conftest import served_database_url

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgresql_only]


def test_both_paths_download_the_same_complete_file_from_gunicorn(capsys):
    username = User.objects.get(pk=ensure_data(300)).username

    copied = download(served_database_url(), EXPORT_PATH, username)
    built = download(served_database_url(), BASELINE_PATH, username)

    assert copied.complete(300) and built.complete(300)
    assert copied.sha256 == built.sha256
    assert 0 < copied.peak_rss_mb < 1000
    assert report(300, copied, built)
    assert "Both files the same to the byte: yes." in capsys.readouterr().out
