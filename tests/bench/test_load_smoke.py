"""`make load` in miniature: two staff for two seconds against a real gunicorn, so the load test does not rot.

PostgreSQL only, as the load test. The server runs on the test database
(committed data, hence a transactional test), with the load test's own
settings; the fault mode runs a harmless command instead of restarting
the shared PostgreSQL.
"""

from __future__ import annotations

import sys

import pytest

from bench.load.run import BARE_INSERT, FORM_PAGE, LOG_POST, Options, load_test, report_lines
from tests.bench.conftest import served_database_url

# Transactional, so gunicorn sees the seeded rows; the channels the migrations
# made are put back afterwards for the tests that follow.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.postgresql_only]


def test_two_staff_log_contacts_and_every_acknowledged_one_is_stored():
    options = Options(users=2, duration=2, bare_duration=1, workers=1, seed_contacts=300)
    report = load_test(options, served_database_url())
    kinds = {kind for kind, *_ in report.recorder.samples}
    assert {FORM_PAGE, LOG_POST, BARE_INSERT} <= kinds
    assert len(report.recorder.acknowledged) == report.stored > 0
    assert report.missing == report.ratings_missing == report.stored_unacknowledged == 0
    assert len(report.recorder.bare_acknowledged) == report.bare_stored > 0
    assert report.rollup_differing == 0
    assert report.errors == 0
    assert report.ok
    printed = "\n".join(report_lines(report))
    assert "ratio logging req/s ÷ bare-insert req/s" in printed
    assert printed.endswith("OK")


def test_the_fault_mode_runs_its_command_and_sees_the_app_serve_again():
    options = Options(
        users=2,
        duration=3,
        bare_duration=1,
        workers=1,
        fault=True,
        fault_at=1,
        restart_command=f"{sys.executable} -c pass",
        seed_contacts=0,
    )
    report = load_test(options, served_database_url())
    assert report.fault is not None
    assert report.fault.returncode == 0
    assert report.fault.recovered_after is not None
    assert report.missing == 0 and report.rollup_differing == 0
    assert "fault:" in "\n".join(report_lines(report))
