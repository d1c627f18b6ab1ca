"""`make bench`: the dashboards at 100,000 and 1,000,000 contacts, against hand-written SQL.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.run [100000 1000000]

For each size: generate the data (timed), rebuild the daily rollup, then
for each dashboard page and for an admin and a manager, the median
server-side time of the page through Django's test client (full stack:
middleware, session, queries, templates) and of its figures computed by
hand-written SQL on the contacts (bench/baseline.py), after a warm-up.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    # Django is set up inside main(); the module itself is imported only there.
    from bench.generate import Organisation

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/moments_bench"
DEFAULT_SIZES = (100_000, 1_000_000)
WARM_UPS = 2
REPEATS = 7
# The targets from the issue.
RATIO_TARGET = 2.0
OVERVIEW_TARGET_MS = 300.0


def maintenance_connection(url: str) -> tuple[Any, str]:
    """An autocommit connection to the server's `postgres` database, and the name of the database in `url`."""
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    return connection, parts.path.lstrip("/")


def ensure_database(url: str) -> None:
    """Create the benchmark's database if it does not exist yet."""
    from psycopg2 import sql

    connection, name = maintenance_connection(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")
    connection.close()


def django_on_postgresql(
    database_url: str, *, variable: str, settings_module: str, prepare: Callable[[str], None] = ensure_database
) -> None:
    """Django set up on the PostgreSQL database of `variable` (made ready by `prepare`), migrated.

    Any other URL stops the run with a message saying which variable to set.
    """
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"This benchmark runs on PostgreSQL: set {variable}=postgres://…")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings_module)
    prepare(database_url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def median_ms(action: Callable[[], object]) -> float:
    for _ in range(WARM_UPS):
        action()
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main(sizes: list[int]) -> None:
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    django_on_postgresql(database_url, variable="DATABASE_URL", settings_module="bench.settings")

    from bench.generate import bulk_load, contacts_generate, data_delete, organisation_create, vacuum_analyze
    from moments.rollup import rollup_rebuild

    organisation = organisation_create()
    results: list[dict] = []
    for size in sizes:
        print(f"\n== {size:,} contacts ==", flush=True)
        data_delete()
        started = time.perf_counter()
        with bulk_load():
            steps = contacts_generate(organisation, size)
        steps["indexes"] = time.perf_counter() - started - sum(steps.values())
        rollup_started = time.perf_counter()
        rollup_rows = rollup_rebuild()
        steps["rollup"] = time.perf_counter() - rollup_started
        steps["vacuum"] = vacuum_analyze()
        total = time.perf_counter() - started
        print(
            f"Generated in {total:.1f} s: "
            + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in steps.items())
            + f"; rollup {rollup_rows:,} rows",
            flush=True,
        )
        results.extend(measure(organisation, size))
    report(results)


def measure(organisation: Organisation, size: int) -> list[dict]:
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from bench import baseline
    from moments.models import Contact

    today = timezone.localdate()
    manager = User.objects.get(pk=organisation.manager_id)
    managed = manager.managed_department_ids()
    # A channel, contact point and person the manager may see, from the first department.
    point = Contact.objects.filter(department_id=managed[0]).values("channel_id", "contact_point_id").first()
    representative_id = organisation.representative_ids[0]
    year_start = today - timedelta(days=364)
    pages = [
        ("overview", "/insights/", {}, 30),
        ("channel", f"/insights/channels/{point['channel_id']}/", {"channel": point["channel_id"]}, 30),
        (
            "contact_point",
            f"/insights/contact-points/{point['contact_point_id']}/",
            {"contact_point": point["contact_point_id"]},
            30,
        ),
        (
            "representative",
            f"/insights/representatives/{representative_id}/",
            {"representative": representative_id},
            30,
        ),
        ("departments", "/insights/departments/", {}, 30),
        ("moments", "/insights/moments/", {}, 30),
        ("overview", f"/insights/?date_from={year_start}&date_to={today}", {}, 365),
    ]
    rows = []
    for persona, user in (("admin", User.objects.get(pk=organisation.admin_id)), ("manager", manager)):
        client = Client()
        client.force_login(user)
        for page, url, narrowing, days in pages:
            scope = baseline.Scope(
                start=today - timedelta(days=days - 1),
                end=today,
                manager=None if persona == "admin" else (managed, manager.pk),
                narrowing=narrowing,
            )
            statements = baseline.page_statements(page, scope)

            def load(url: str = url, client: Client = client) -> None:
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            page_ms = median_ms(load)
            raw_ms = median_ms(lambda statements=statements: baseline.run(statements))
            label = page if days == 30 else f"{page} ({days} days)"
            rows.append({"size": size, "page": label, "persona": persona, "page_ms": page_ms, "raw_ms": raw_ms})
            print(f"  {label:<22} {persona:<8} {page_ms:8.1f} ms   raw SQL {raw_ms:8.1f} ms", flush=True)
    return rows


def report(results: list[dict]) -> None:
    print("\n| contacts | page | as | page median ms | raw SQL ms | ratio | page growth |")
    print("|---:|---|---|---:|---:|---:|---:|")
    smallest = {}
    for row in results:
        key = (row["page"], row["persona"])
        smallest.setdefault(key, row["page_ms"])
        growth = row["page_ms"] / smallest[key]
        ratio = row["page_ms"] / row["raw_ms"] if row["raw_ms"] else float("inf")
        print(
            f"| {row['size']:,} | {row['page']} | {row['persona']} | {row['page_ms']:.1f} | {row['raw_ms']:.1f} "
            f"| {ratio:.2f} | {growth:.2f}× |"
        )
    largest = max(row["size"] for row in results)
    misses = [
        row
        for row in results
        if row["size"] == largest
        and "days)" not in row["page"]
        and (
            row["page_ms"] > RATIO_TARGET * row["raw_ms"]
            or (row["page"] == "overview" and row["page_ms"] > OVERVIEW_TARGET_MS)
        )
    ]
    print(f"\nTargets at {largest:,}: page ≤ {RATIO_TARGET}× raw SQL, overview < {OVERVIEW_TARGET_MS:.0f} ms.")
    if misses:
        for row in misses:
            print(f"  MISSED: {row['page']} as {row['persona']}: {row['page_ms']:.1f} ms, raw {row['raw_ms']:.1f} ms")
    else:
        print("  All met.")


if __name__ == "__main__":
    main([int(size) for size in sys.argv[1:]] or list(DEFAULT_SIZES))
