"""`make load`: staff logging contacts with ratings over real HTTP, against gunicorn and PostgreSQL.

    LOAD_DATABASE_URL=postgres://…/moments_load .venv/bin/python -m bench.load.run [--users 50] [--duration 60]
    … -m bench.load.run --fault           # PostgreSQL is restarted 20 s into the run

What it does, in order, all bounded in time:

1. drops and creates the database of LOAD_DATABASE_URL (a database of its
   own: never point it at one you keep), migrates it and seeds the
   benchmark's organisation (bench/generate.py) with a week of contacts;
2. starts gunicorn on a free port of 127.0.0.1 with bench.load.settings
   (the production settings, plus the bare-insert URL);
3. each simulated staff member logs in once through the login page and
   keeps the session; then for --duration seconds each one loops as a
   person at the desk does: the logging form (GET /log/), a contact with a
   score the customer gave (POST /log/, answered by a redirect back to the
   form, which is the next GET);
4. for --bare-duration seconds the same staff POST the bare-insert form
   (bench/load/views.py): one tiny form, one row, the same middleware.
   Steps 3 and 4 take --rounds turns (each a share of its duration), so
   whatever else loads the machine weighs on both kinds alike;
5. stops gunicorn and checks the database: every contact acknowledged by a
   redirect is stored (each POST carries a unique note), and the daily
   rollup equals a recount from the contacts.

With --fault, the command in LOAD_PG_RESTART (by default pg_ctlcluster
restarting the cluster that serves the database's port) runs --fault-at
seconds into the logging phase (one turn then). Requests fail while PostgreSQL is down;
they are counted by status code, and the app must serve again afterwards
with nothing it acknowledged lost.

Exit status 1 when an acknowledged contact is missing, the rollup differs,
or (without --fault) any request failed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shlex
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/moments_load"
HOST = "127.0.0.1"
# A week of the benchmark organisation's contacts (2,740 a day): the recent
# customers and last contact point are read from a realistic history.
SEED_CONTACTS = 20_000
# Staff passwords are hashed cheaply (bench/load/settings.py); this one is only ever used here.
PASSWORD = "load-" + secrets.token_urlsafe(12)
REQUEST_TIMEOUT = 30.0
# After a failed request a person waits a moment before trying again; so does the simulation.
RETRY_PAUSE = 0.2
SERVER_START_TIMEOUT = 30.0
RESTART_TIMEOUT = 120.0
NEW_CUSTOMER_SHARE = 0.1
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')

LOGIN, FORM_PAGE, LOG_POST, BARE_INSERT = "login", "form page", "log contact", "bare insert"
KINDS = (LOGIN, FORM_PAGE, LOG_POST, BARE_INSERT)
CONNECTION_FAILED = 0


@dataclass(frozen=True)
class Options:
    users: int = 50
    duration: float = 60.0
    bare_duration: float = 20.0
    workers: int = 3
    rounds: int = 3
    fault: bool = False
    fault_at: float = 20.0
    restart_command: str = ""
    seed_contacts: int = SEED_CONTACTS


@dataclass(frozen=True)
class Response:
    status: int
    location: str
    body: bytes


@dataclass
class Recorder:
    """Every timed request: kind, status (0 when no answer came), seconds and when it ended; from many threads.

    `windows` holds each phase's start and deadline: throughput counts the
    requests that ended inside them, not those still queued at the deadline
    and drained after it (they are checked in the database all the same).
    """

    samples: list[tuple[str, int, float, float]] = field(default_factory=list)
    windows: list[tuple[float, float]] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    bare_acknowledged: list[str] = field(default_factory=list)
    last_success: float = 0.0

    def add(self, kind: str, status: int, seconds: float) -> None:
        self.samples.append((kind, status, seconds, time.monotonic()))

    def within_windows(self, kind: str, statuses: set[int] | None = None) -> int:
        return sum(
            1
            for k, status, _, ended in self.samples
            if k == kind
            and (statuses is None or status in statuses)
            and any(start <= ended <= deadline for start, deadline in self.windows)
        )


@dataclass
class Fault:
    command: str
    started: float = 0.0
    finished: float = 0.0
    returncode: int | None = None
    output: str = ""
    recovered_after: float | None = None


@dataclass
class Report:
    options: Options
    recorder: Recorder
    logging_seconds: float
    bare_seconds: float
    stored: int
    missing: int
    stored_unacknowledged: int
    ratings_missing: int
    bare_stored: int
    bare_missing: int
    rollup_differing: int
    fault: Fault | None

    def counts(self, kind: str) -> Counter[int]:
        return Counter(status for k, status, _, _ in self.recorder.samples if k == kind)

    def failures(self, kind: str) -> Counter[int]:
        good = {LOGIN: {302}, FORM_PAGE: {200}, LOG_POST: {302}, BARE_INSERT: {201}}[kind]
        return Counter({status: n for status, n in self.counts(kind).items() if status not in good})

    @property
    def errors(self) -> int:
        return sum(sum(self.failures(kind).values()) for kind in KINDS)

    @property
    def logging_rate(self) -> float:
        """Contacts logged per second: each one costs a form page and a POST.

        Half the request rate rather than the POSTs counted in the windows:
        every person starts each turn with a form page, so the POSTs of the
        last moments of a turn are still in flight at its deadline.
        """
        return self.logging_request_rate / 2

    @property
    def logging_request_rate(self) -> float:
        """Requests per second of the logging traffic: its form pages and POSTs together."""
        served = self.recorder.within_windows(FORM_PAGE, {200}) + self.recorder.within_windows(LOG_POST, {302})
        return _ratio(served, self.logging_seconds)

    @property
    def bare_rate(self) -> float:
        return _ratio(self.recorder.within_windows(BARE_INSERT, {201}), self.bare_seconds)

    @property
    def ok(self) -> bool:
        return (
            self.missing == 0
            and self.ratings_missing == 0
            and self.bare_missing == 0
            and self.rollup_differing == 0
            and len(set(self.recorder.acknowledged)) == len(self.recorder.acknowledged)
            and (
                self.options.fault
                or (
                    self.errors == 0
                    and self.stored == len(self.recorder.acknowledged)
                    and self.bare_stored == len(self.recorder.bare_acknowledged)
                )
            )
            and (self.fault is None or self.fault.recovered_after is not None)
            and self.server_errors == 0
        )

    @property
    def server_errors(self) -> int:
        """Answers of 500: a bug, not an outage, which the app answers with 503 and Retry-After."""
        return sum(self.failures(kind)[500] for kind in KINDS)


class Browser:
    """One person's browser: cookies kept, one connection per request (gunicorn's sync workers close them)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        # Numbers the forms this person sends, across turns, so each one is unique.
        self.sent = 0

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {"Host": f"{HOST}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{self.port}"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
            for cookie in answer.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return Response(answer.status, answer.headers.get("Location", ""), content)
        finally:
            connection.close()

    def timed(
        self, recorder: Recorder, kind: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> Response:
        started = time.perf_counter()
        try:
            response = self.request(method, path, form)
        except (OSError, http.client.HTTPException):
            response = Response(CONNECTION_FAILED, "", b"")
        recorder.add(kind, response.status, time.perf_counter() - started)
        return response


def csrf_token(page: bytes) -> str | None:
    match = CSRF_FIELD.search(page)
    return match.group(1).decode() if match else None


@dataclass(frozen=True)
class Staff:
    index: int
    username: str
    contact_point_ids: list[int]


@dataclass(frozen=True)
class World:
    """What the simulated staff need to know about the seeded organisation."""

    staff: list[Staff]
    customer_ids: list[int]
    tag: str
    time_zone: str


# ---------------------------------------------------------------------------
# The database
# ---------------------------------------------------------------------------


def database_reset(url: str) -> None:
    """Drop and create the load test's database (its own, named in LOAD_DATABASE_URL)."""
    from psycopg2 import sql

    from bench.run import maintenance_connection

    connection, name = maintenance_connection(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def seed(options: Options) -> World:
    """The benchmark's organisation and a history of contacts; the first `users` representatives get a password."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from bench.generate import contacts_generate, organisation_create, vacuum_analyze
    from moments.models import ContactPoint, Customer
    from moments.rollup import rollup_rebuild

    organisation = organisation_create()
    if options.users > len(organisation.representative_ids):
        sys.exit(f"At most {len(organisation.representative_ids)} simulated staff: the organisation has no more.")
    if options.seed_contacts:
        contacts_generate(organisation, options.seed_contacts)
        rollup_rebuild()
        # Statistics as autovacuum would leave them: the planner must see the history.
        vacuum_analyze()
    representatives = list(User.objects.filter(pk__in=organisation.representative_ids).order_by("pk")[: options.users])
    User.objects.filter(pk__in=[user.pk for user in representatives]).update(
        password=make_password(PASSWORD, hasher="md5")
    )
    points: dict[int, list[int]] = {}
    for pk, department_id in ContactPoint.objects.values_list("pk", "department_id"):
        points.setdefault(department_id, []).append(pk)
    customer_ids = list(Customer.objects.order_by("pk").values_list("pk", flat=True)[:2000])
    if not customer_ids:
        customer_ids = [Customer.objects.create(name="Load customer").pk]
    staff = [
        Staff(index=i, username=user.username, contact_point_ids=points[user.department_id])
        for i, user in enumerate(representatives)
    ]
    return World(staff=staff, customer_ids=customer_ids, tag=secrets.token_hex(4), time_zone=settings.TIME_ZONE)


def rollup_differing_rows() -> int:
    """Rows of the daily rollup that differ from a recount from the contacts (missing on either side included)."""
    from moments.models import Contact, ContactDayRollup
    from moments.rollup import COUNT_FIELDS, KEY_FIELDS, contact_rollup_rows

    def keyed(rows: Iterator[dict]) -> dict[tuple, tuple]:
        return {tuple(row[f] for f in KEY_FIELDS): tuple(row[f] for f in COUNT_FIELDS) for row in rows}

    recount = keyed(iter(contact_rollup_rows(Contact.objects.all())))
    stored = keyed(iter(ContactDayRollup.objects.values(*KEY_FIELDS, *COUNT_FIELDS)))
    return sum(1 for key in recount.keys() | stored.keys() if recount.get(key) != stored.get(key))


# ---------------------------------------------------------------------------
# gunicorn
# ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(
    database_url: str,
    workers: int,
    *,
    settings_module: str = "bench.load.settings",
    arguments: list[str] | None = None,
) -> Iterator[tuple[int, int]]:
    """gunicorn on a free port, yielding (port, its master's pid); stopped (the whole process group) on the way out.

    By default sync workers with the load settings; `arguments` replaces the
    worker options (the export benchmark passes the production config file).
    """
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        # Production settings, whatever the caller's environment says (a test run sets DEBUG).
        "DEBUG": "false",
        "DATABASE_URL": database_url,
        # Every worker must sign sessions with the same key.
        "SECRET_KEY": secrets.token_urlsafe(64),
        "PYTHONPATH": str(REPO_ROOT),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        *(arguments if arguments is not None else ["--timeout=30", "--graceful-timeout=5"]),
        "--log-level=warning",
    ]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=log, start_new_session=True
        )
        try:
            _wait_until_serving(server, port, log)
            yield port, server.pid
        finally:
            _stop(server)


def _wait_until_serving(server: subprocess.Popen, port: int, log: IO[bytes]) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    browser = Browser(port)
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            if browser.request("GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    log.seek(0)
    output = log.read().decode(errors="replace")[-3000:]
    raise RuntimeError(f"gunicorn did not start serving on port {port}:\n{output}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)


# ---------------------------------------------------------------------------
# The simulated staff
# ---------------------------------------------------------------------------


def log_in(browser: Browser, staff: Staff, recorder: Recorder) -> None:
    """Once per person, through the login page, as a browser does; the session is kept for the whole run."""
    page = browser.request("GET", "/login/")
    token = csrf_token(page.body)
    if page.status != 200 or token is None:
        raise RuntimeError(f"The login page answered {page.status} for {staff.username}.")
    answer = browser.timed(
        recorder,
        LOGIN,
        "POST",
        "/login/",
        {"csrfmiddlewaretoken": token, "username": staff.username, "password": PASSWORD},
    )
    if answer.status != 302:
        raise RuntimeError(f"{staff.username} could not log in ({answer.status}); the run needs every login to work.")


def contact_form(world: World, staff: Staff, token: str, note: str, rng: random.Random) -> dict[str, str]:
    now = datetime.now(ZoneInfo(world.time_zone))
    form = {
        "csrfmiddlewaretoken": token,
        "contact_point": str(rng.choice(staff.contact_point_ids)),
        "occurred_at": now.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": str(rng.randint(1, 40)) if rng.random() < 0.9 else "",
        "outcome": rng.choice(["resolved", "resolved", "resolved", "follow_up", "referred", "unresolved"]),
        "notes": note,
        "rating_method": "staff",
        "score": str(rng.choice([1, 2, 3, 4, 4, 5, 5, 5])),
        "comment": "Thank you" if rng.random() < 0.2 else "",
        "new_customer_kind": "current",
    }
    if rng.random() < NEW_CUSTOMER_SHARE:
        form["new_customer_name"] = f"Walk-in {note}"
    else:
        form["customer"] = str(rng.choice(world.customer_ids))
    return form


def logging_loop(browser: Browser, world: World, staff: Staff, deadline: float, recorder: Recorder) -> None:
    rng = random.Random(f"{world.tag}-{staff.index}")
    token = None
    while time.monotonic() < deadline:
        if token is None:
            page = browser.timed(recorder, FORM_PAGE, "GET", "/log/")
            token = csrf_token(page.body) if page.status == 200 else None
            if token is None:
                time.sleep(RETRY_PAUSE)
                continue
            recorder.last_success = time.monotonic()
        browser.sent += 1
        note = f"load {world.tag} {staff.index}-{browser.sent}"
        answer = browser.timed(recorder, LOG_POST, "POST", "/log/", contact_form(world, staff, token, note, rng))
        # The redirect leads back to the form, which is the next contact's form page.
        token = None
        if answer.status == 302 and answer.location.rstrip("/").endswith("/log"):
            recorder.acknowledged.append(note)
            recorder.last_success = time.monotonic()
        else:
            time.sleep(RETRY_PAUSE)


def bare_loop(browser: Browser, world: World, staff: Staff, deadline: float, recorder: Recorder) -> None:
    while time.monotonic() < deadline:
        browser.sent += 1
        name = f"{world.tag} {staff.index}-{browser.sent}"
        form = {"csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""), "name": name}
        answer = browser.timed(recorder, BARE_INSERT, "POST", "/bench/bare-insert/", form)
        if answer.status == 201:
            recorder.bare_acknowledged.append(name)
        else:
            time.sleep(RETRY_PAUSE)


def run_phase(
    loop: Callable[[Browser, World, Staff, float, Recorder], None],
    browsers: list[Browser],
    world: World,
    seconds: float,
    recorder: Recorder,
) -> float:
    """Every simulated person runs `loop` until the deadline, then the requests in flight finish; returns `seconds`."""
    started = time.monotonic()
    deadline = started + seconds
    recorder.windows.append((started, deadline))
    threads = [
        threading.Thread(target=loop, args=(browser, world, staff, deadline, recorder), daemon=True)
        for browser, staff in zip(browsers, world.staff, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        # Bounded: every request times out, every loop ends at the deadline.
        thread.join(timeout=seconds + REQUEST_TIMEOUT + 10)
    return seconds


def restart_later(fault: Fault, after: float, recorder: Recorder) -> threading.Thread:
    def restart() -> None:
        time.sleep(after)
        fault.started = time.monotonic()
        try:
            done = subprocess.run(
                shlex.split(fault.command), capture_output=True, text=True, timeout=RESTART_TIMEOUT, check=False
            )
            fault.returncode, fault.output = done.returncode, (done.stdout + done.stderr).strip()
        except (OSError, subprocess.TimeoutExpired) as error:
            fault.output = str(error)
        fault.finished = time.monotonic()
        # Recovered: the first request that succeeds after PostgreSQL is back.
        while time.monotonic() < fault.finished + 60:
            if recorder.last_success > fault.finished:
                fault.recovered_after = recorder.last_success - fault.finished
                return
            time.sleep(0.05)

    thread = threading.Thread(target=restart, daemon=True)
    thread.start()
    return thread


def default_restart_command(database_url: str) -> str:
    """pg_ctlcluster restarting the Debian cluster that listens on the database's port (as .ci/run starts it)."""
    port = str(urlsplit(database_url).port or 5432)
    try:
        listing = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, timeout=10, check=True)
        for line in listing.stdout.splitlines():
            version, cluster, cluster_port, *_ = line.split()
            if cluster_port == port:
                return f"pg_ctlcluster --skip-systemctl-redirect {version} {cluster} restart"
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    versions = sorted(path.name for path in Path("/etc/postgresql").glob("*")) or ["15"]
    return f"pg_ctlcluster --skip-systemctl-redirect {versions[0]} main restart"


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def load_test(options: Options, database_url: str) -> Report:
    """Seed, serve, load, check; Django must be set up on the database gunicorn will use."""
    from django.db import connection

    from bench.load.views import BARE_PREFIX
    from moments.models import Contact, Customer

    world = seed(options)
    connection.close()
    recorder = Recorder()
    fault = None
    with gunicorn(database_url, options.workers) as (port, _):
        browsers = [Browser(port) for _ in world.staff]
        for browser, staff in zip(browsers, world.staff, strict=True):
            log_in(browser, staff, recorder)
        if options.fault:
            fault = Fault(command=options.restart_command or default_restart_command(database_url))
            restarter = restart_later(fault, options.fault_at, recorder)
        # The two kinds of traffic take turns, so that whatever else the
        # machine does weighs on both alike; with a fault, the logging runs in
        # one stretch with the restart inside it.
        rounds = 1 if options.fault else options.rounds
        logging_seconds = bare_seconds = 0.0
        for _ in range(rounds):
            logging_seconds += run_phase(logging_loop, browsers, world, options.duration / rounds, recorder)
            if fault is not None:
                restarter.join(timeout=RESTART_TIMEOUT + 60)
            bare_seconds += run_phase(bare_loop, browsers, world, options.bare_duration / rounds, recorder)

    acknowledged = set(recorder.acknowledged)
    load_contacts = Contact.objects.filter(notes__startswith=f"load {world.tag} ")
    stored_notes = set(load_contacts.values_list("notes", flat=True))
    bare_names = set(
        Customer.objects.filter(name__startswith=f"{BARE_PREFIX}{world.tag} ").values_list("name", flat=True)
    )
    return Report(
        options=options,
        recorder=recorder,
        logging_seconds=logging_seconds,
        bare_seconds=bare_seconds,
        stored=len(stored_notes),
        missing=len(acknowledged - stored_notes),
        stored_unacknowledged=len(stored_notes - acknowledged),
        ratings_missing=load_contacts.filter(rating__isnull=True).count(),
        bare_stored=len(bare_names),
        bare_missing=len({BARE_PREFIX + name for name in recorder.bare_acknowledged} - bare_names),
        rollup_differing=rollup_differing_rows(),
        fault=fault,
    )


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report_lines(report: Report) -> list[str]:
    options = report.options
    lines = [
        f"{options.users} staff, {options.workers} gunicorn workers; logging {report.logging_seconds:.0f} s, "
        f"bare insert {report.bare_seconds:.0f} s, in {1 if options.fault else options.rounds} turn(s)"
        + (f"; PostgreSQL restarted at {options.fault_at:.0f} s" if options.fault else ""),
        "",
        "(req/s counts what ended before each phase's deadline; count includes what was in flight then)",
        f"{'request':<12} {'count':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}  errors",
    ]
    seconds = {LOGIN: None, FORM_PAGE: report.logging_seconds, LOG_POST: report.logging_seconds}
    seconds[BARE_INSERT] = report.bare_seconds
    for kind in KINDS:
        timings = [s * 1000 for k, _, s, _ in report.recorder.samples if k == kind]
        if not timings:
            continue
        failures = report.failures(kind)
        errors = ", ".join(f"{n}× {status or 'no answer'}" for status, n in sorted(failures.items())) or "0"
        in_time = report.recorder.within_windows(kind)
        rate = f"{in_time / seconds[kind]:7.1f}" if seconds[kind] else f"{'–':>7}"
        p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
        lines.append(f"{kind:<12} {len(timings):>7} {rate} {p50:8.1f} {p95:8.1f}  {errors}")
    acknowledged = len(report.recorder.acknowledged)
    lines += [
        "",
        f"contacts acknowledged (redirect after POST): {acknowledged}",
        f"contacts stored:                              {report.stored}"
        + (
            f" ({report.stored_unacknowledged} stored but answered with an error)"
            if report.stored_unacknowledged
            else ""
        ),
        f"acknowledged but missing:                     {report.missing}",
        f"stored without their rating:                  {report.ratings_missing}",
        f"bare inserts acknowledged / stored / missing: {len(report.recorder.bare_acknowledged)} / "
        f"{report.bare_stored} / {report.bare_missing}",
        f"rollup rows differing from a recount:         {report.rollup_differing}",
        f"errors (all requests):                        {report.errors}",
        "",
        f"logging:     {report.logging_request_rate:7.1f} req/s, {report.logging_rate:.1f} contacts/s "
        "(each contact a form page and a POST)",
        f"bare insert: {report.bare_rate:7.1f} req/s",
        f"ratio logging req/s ÷ bare-insert req/s: {_ratio(report.logging_request_rate, report.bare_rate):.2f} "
        f"(contacts/s ÷ bare-insert req/s: {_ratio(report.logging_rate, report.bare_rate):.2f})",
    ]
    if report.fault is not None:
        fault = report.fault
        took = fault.finished - fault.started
        recovered = f"{fault.recovered_after:.1f} s after it" if fault.recovered_after is not None else "NOT RECOVERED"
        lines += [
            "",
            f"fault: `{fault.command}` exited {fault.returncode} after {took:.1f} s; serving again {recovered}",
        ]
        if fault.returncode != 0 and fault.output:
            lines.append(f"       {fault.output[-500:]}")
    lines += ["", "OK" if report.ok else "FAILED: see above"]
    return lines


def parse_options(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.load.run", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=Options.users, help="simulated staff (default %(default)s)")
    parser.add_argument("--duration", type=float, default=Options.duration, help="seconds of logging (%(default)s)")
    parser.add_argument(
        "--bare-duration", type=float, default=Options.bare_duration, help="seconds of bare inserts (%(default)s)"
    )
    parser.add_argument("--workers", type=int, default=Options.workers, help="gunicorn workers (%(default)s)")
    parser.add_argument(
        "--rounds", type=int, default=Options.rounds, help="turns of logging and bare inserts (%(default)s)"
    )
    parser.add_argument("--fault", action="store_true", help="restart PostgreSQL during the logging phase")
    parser.add_argument("--fault-at", type=float, default=Options.fault_at, help="seconds in (%(default)s)")
    parser.add_argument(
        "--seed-contacts", type=int, default=Options.seed_contacts, help="history seeded first (%(default)s)"
    )
    args = parser.parse_args(argv)
    if (
        not 1 <= args.users <= 120
        or args.duration <= 0
        or args.bare_duration <= 0
        or min(args.workers, args.rounds) < 1
    ):
        parser.error("users 1–120, durations above 0, at least one worker and one round")
    if args.duration > 600 or args.bare_duration > 600:
        parser.error("a phase lasts at most 600 s")
    if args.fault and not 0 < args.fault_at < args.duration:
        parser.error("--fault-at must fall inside --duration")
    return Options(
        users=args.users,
        duration=args.duration,
        bare_duration=args.bare_duration,
        workers=args.workers,
        rounds=args.rounds,
        fault=args.fault,
        fault_at=args.fault_at,
        restart_command=os.environ.get("LOAD_PG_RESTART", ""),
        seed_contacts=args.seed_contacts,
    )


def main(argv: list[str]) -> int:
    options = parse_options(argv)
    from bench.run import django_on_postgresql

    database_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE_URL)
    django_on_postgresql(
        database_url, variable="LOAD_DATABASE_URL", settings_module="bench.load.settings", prepare=database_reset
    )
    print(f"Database {urlsplit(database_url).path.lstrip('/')} reset and migrated; seeding…", flush=True)
    report = load_test(options, database_url)
    print("\n".join(report_lines(report)))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
