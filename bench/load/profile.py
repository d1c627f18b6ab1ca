"""Where the logging page's server time goes: median times and a cProfile of the form page and its POST.

    LOAD_DATABASE_URL=postgres://…/moments_load .venv/bin/python -m bench.load.profile [--repeats 50] [--top 25]

The same database, seed and settings as `make load` (its database is reset
here too), but in-process through Django's test client, one request at a
time: the server's own time per request, with no queueing and no network.
Prints the median of each request kind, with its query count, and the
functions that cost most (cumulative time) for the form page and the POST.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from urllib.parse import urlsplit

from bench.load.run import DEFAULT_DATABASE_URL, REPO_ROOT, Options, contact_form, database_reset, seed

WARM_UPS = 5
# pstats restrictions are regular expressions on "file:line(function)".
PROJECT_CODE = r"(moments|surveys|accounts|insights)/.*\.py"


def _short(line: str) -> str:
    """A profile line with the path up to site-packages (or the repository) left out."""
    return re.sub(r"\S*site-packages/", "", line.replace(str(REPO_ROOT) + "/", ""))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load.profile", description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--keep", action="store_true", help="reuse the database the last run left")
    args = parser.parse_args(argv)
    database_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load.settings")
    if not args.keep:
        database_reset(database_url)

    import random

    # Static files are not collected for the benchmark (bench/settings.py); WhiteNoise says so once.
    warnings.filterwarnings("ignore", message="No directory at")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    call_command("migrate", verbosity=0)
    world = seed(Options(users=1, seed_contacts=0) if args.keep else Options(users=1))
    done = "reused" if args.keep else "reset and seeded"
    print(f"Database {urlsplit(database_url).path.lstrip('/')} {done}.", flush=True)
    staff = world.staff[0]
    client = Client()
    # Logged in without the login form: the lockout backend needs a request to check a password against.
    client.force_login(User.objects.get(username=staff.username))
    rng = random.Random(0)
    counter = iter(range(1_000_000))

    def form_page() -> object:
        response = client.get("/log/")
        assert response.status_code == 200, response.status_code
        return response

    def log_post() -> object:
        token = client.cookies["csrftoken"].value
        response = client.post("/log/", contact_form(world, staff, token, f"profile {next(counter)}", rng))
        assert response.status_code == 302, response.status_code
        return response

    def bare_insert() -> object:
        response = client.post("/bench/bare-insert/", {"name": f"profile {next(counter)}"})
        assert response.status_code == 201, response.status_code
        return response

    def healthz() -> object:
        return client.get("/healthz")

    requests: dict[str, Callable[[], object]] = {
        "form page": form_page,
        "log contact": log_post,
        "bare insert": bare_insert,
        "healthz": healthz,
    }
    print(f"\n{'request':<12} {'median ms':>10} {'queries':>8}")
    for name, request in requests.items():
        for _ in range(WARM_UPS):
            request()
        timings = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            request()
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            request()
        print(f"{name:<12} {statistics.median(timings):10.1f} {len(queries):8}")

    for name in ("form page", "log contact"):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeats):
            requests[name]()
        profiler.disable()
        for title, restriction in (("everything", ""), ("the project's own code", PROJECT_CODE)):
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(*([restriction] if restriction else []), args.top)
            print(f"\n== {name}: {args.repeats} requests, cumulative time, {title} ==")
            print("\n".join(_short(line) for line in out.getvalue().splitlines() if line.strip()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
