"""`python -m bench.audit`: what the audit trail costs the logging form and the demo seeder, in one run.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.audit [POSTS] [SEED_CONTACTS]

Logging: the logging form's POST through Django's test client (the full
stack: middleware, session, form, service, rollup), alternately with the
audit trail on and off (auditlog's disable_auditlog), so both see the same
machine at the same moment; the median of each, the difference per contact
and the ratio. Seeder: `seed_demo --flush` with the audited models
registered and unregistered (as before the audit trail: nothing listens to
the deletes of --flush, so Django deletes in bulk).

It writes into its own database (moments_bench_audit by default) and
replaces the demo data there at every run.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO

from bench.run import ensure_database

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/moments_bench_audit"
DEFAULT_POSTS = 300
DEFAULT_SEED_CONTACTS = 20_000
WARM_UPS = 20
SEED_ROUNDS = 3


def main(posts: int, seed_contacts: int) -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_demo", contacts=1000, flush=True, stdout=StringIO())

    on, off, insert_ms = logging_ms(posts)
    print(f"Logging POST, median of {posts} each (on and off in turn):")
    print(f"  audit trail on   {on:7.2f} ms")
    print(f"  audit trail off  {off:7.2f} ms")
    print(f"  cost per contact {on - off:+7.2f} ms   ratio on/off {on / off:.3f}")
    for table, milliseconds in insert_ms.items():
        print(f"  INSERT INTO {table}: median {milliseconds:.2f} ms (as the driver timed it)")

    seeded_on, seeded_off = seed_runs(seed_contacts)
    print(f"seed_demo --flush --contacts {seed_contacts:,}, median of {SEED_ROUNDS} each:")
    for label, run in (("models audited", seeded_on), ("none audited", seeded_off)):
        print(f"  {label:<15} {run.seconds:7.1f} s, CPU {run.cpu_seconds:6.1f} s, {run.queries:,} queries")
    print(
        f"  ratio            {seeded_on.seconds / seeded_off.seconds:.3f} wall, "
        f"{seeded_on.cpu_seconds / seeded_off.cpu_seconds:.3f} CPU"
    )


def logging_ms(posts: int) -> tuple[float, float, dict[str, float]]:
    from auditlog.context import disable_auditlog
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import User
    from moments.models import ContactPoint, Customer

    staff = User.objects.get(username="staff")
    point = ContactPoint.objects.for_logging(staff).first()
    customers = list(Customer.objects.values_list("pk", flat=True)[:50])
    client = Client()
    client.force_login(staff)

    def post(number: int) -> None:
        occurred_at = timezone.localtime(timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
        data = {
            "contact_point": point.pk,
            "customer": customers[number % len(customers)],
            "occurred_at": occurred_at,
            "duration_minutes": "6",
            "outcome": "resolved",
            "notes": "Explained the invoice line by line.",
            "rating_method": "staff",
            "score": "4",
        }
        response = client.post("/log/", data)
        assert response.status_code == 302, response.status_code

    def timed(number: int, context: Callable[[], AbstractContextManager[object]]) -> float:
        with context():
            started = time.perf_counter()
            post(number)
            return (time.perf_counter() - started) * 1000

    for number in range(WARM_UPS):
        post(number)
    on: list[float] = []
    off: list[float] = []
    for number in range(posts):
        on.append(timed(2 * number, nullcontext))
        off.append(timed(2 * number + 1, disable_auditlog))
    # The entry's INSERT on its own, as the database driver timed it, next to the contact's.
    inserts: dict[str, list[float]] = {"auditlog_logentry": [], "moments_contact": []}
    for number in range(min(posts, 100)):
        with CaptureQueriesContext(connection) as captured:
            post(number)
        for query in captured.captured_queries:
            for table, timings in inserts.items():
                if query["sql"].startswith(f'INSERT INTO "{table}"'):
                    timings.append(float(query["time"]) * 1000)
    insert_ms = {table: statistics.median(timings) for table, timings in inserts.items()}
    return statistics.median(on), statistics.median(off), insert_ms


@dataclass(frozen=True)
class SeedRun:
    seconds: float
    cpu_seconds: float
    queries: int


def seed_runs(contacts: int) -> tuple[SeedRun, SeedRun]:
    """Medians of seed_demo --flush with the audited models registered, and unregistered.

    Besides the wall time, the process's own CPU time and the number of
    queries: on a busy machine the wall time swings with the neighbours,
    these two do not.
    """
    from auditlog.registry import auditlog
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audit.apps import register_audited_models

    def seed() -> SeedRun:
        started, cpu_started = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            call_command("seed_demo", contacts=contacts, flush=True, stdout=StringIO())
        return SeedRun(time.perf_counter() - started, time.process_time() - cpu_started, len(captured))

    def median(runs: list[SeedRun]) -> SeedRun:
        return SeedRun(
            statistics.median(run.seconds for run in runs),
            statistics.median(run.cpu_seconds for run in runs),
            int(statistics.median(run.queries for run in runs)),
        )

    audited = auditlog.get_models()
    on: list[SeedRun] = []
    off: list[SeedRun] = []
    seed()  # the first flush deletes the logging runs' contacts too
    for _ in range(SEED_ROUNDS):
        on.append(seed())
        for model in audited:
            auditlog.unregister(model)
        try:
            off.append(seed())
        finally:
            register_audited_models(settings.AUDIT_TRAIL_MODELS)
    return median(on), median(off)


if __name__ == "__main__":
    arguments = [int(argument) for argument in sys.argv[1:]]
    main(
        arguments[0] if arguments else DEFAULT_POSTS,
        arguments[1] if len(arguments) > 1 else DEFAULT_SEED_CONTACTS,
    )
