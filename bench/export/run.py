"""`make bench-export`: the contact list's CSV at a million contacts, downloaded over HTTP from gunicorn.

    BENCH_EXPORT_DATABASE_URL=postgres://… .venv/bin/python -m bench.export.run [1000000] [--no-baseline]

1. creates the database of BENCH_EXPORT_DATABASE_URL if needed, migrates
   it and loads the benchmark's organisation with that many contacts
   (bench/generate.py); contacts already there in that number are kept;
2. starts gunicorn with config/gunicorn.conf.py (as `make serve-prod`, but
   one worker, so its memory is the export's) on a free port of 127.0.0.1;
3. logs in as the benchmark's admin, who sees every contact, and downloads
   /insights/export/contacts.csv as a browser would, counting lines as they
   come; the file must end with its trailer and the trailer's count must be
   the rows received and the contacts in the database;
4. does the same, under a fresh gunicorn, for the rows built in Python (the
   path SQLite takes; bench/export/urls.py serves it on PostgreSQL) as the
   baseline.

It prints rows, seconds, rows/s and the gunicorn worker's peak resident
memory (VmHWM in /proc, start-up included) for both, the ratio, and whether
both files are the same to the byte. Exit status 1 when the COPY export is
incomplete, misses a target, or differs from the baseline.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import re
import secrets
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.load.run import HOST, Browser, csrf_token, gunicorn
from bench.run import django_on_postgresql

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/moments_bench_export"
DEFAULT_SIZE = 1_000_000
# The targets from the issue: a million contacts, completely, in under 30 s, in under 150 MB.
SECONDS_TARGET = 30.0
RSS_TARGET_MB = 150.0
EXPORT_PATH = "/insights/export/contacts.csv"
BASELINE_PATH = "/bench/contacts-in-python.csv"
# The download's socket timeout: how long one read may wait, not the whole file.
READ_TIMEOUT = 120.0
READ_BYTES = 1 << 20
TRAILER = re.compile(rb"# Export complete: (\d+) contacts?\.\n$")
PASSWORD = "export-" + secrets.token_urlsafe(12)


@dataclass(frozen=True)
class Download:
    path: str
    status: int
    lines: int
    bytes: int
    seconds: float
    trailer_rows: int | None
    cut_off: bool
    peak_rss_mb: float
    sha256: str

    @property
    def rows(self) -> int:
        # The header and the trailer are lines too; the benchmark's cells hold no line breaks.
        return max(0, self.lines - 2)

    def complete(self, expected: int) -> bool:
        return self.status == 200 and not self.cut_off and self.trailer_rows == self.rows == expected

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def ensure_data(size: int) -> int:
    """The benchmark's organisation with `size` contacts; returns the admin's id."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from bench.generate import bulk_load, contacts_generate, data_delete, organisation_create, vacuum_analyze
    from moments.models import Contact

    organisation = organisation_create()
    if Contact.objects.count() != size:
        print(f"Loading {size:,} contacts…", flush=True)
        started = time.perf_counter()
        data_delete()
        with bulk_load():
            contacts_generate(organisation, size)
        vacuum_analyze()
        print(f"Loaded in {time.perf_counter() - started:.1f} s.", flush=True)
    else:
        print(f"The database already holds {size:,} contacts.", flush=True)
    # Hashed cheaply, as the load test's staff passwords (bench/load/settings.py); used only here.
    User.objects.filter(pk=organisation.admin_id).update(password=make_password(PASSWORD, hasher="md5"))
    return organisation.admin_id


def worker_pid(master: int) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker.")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("No VmHWM in /proc: the benchmark needs Linux.")


def log_in(port: int, username: str) -> str:
    browser = Browser(port)
    page = browser.request("GET", "/login/")
    token = csrf_token(page.body)
    answer = browser.request(
        "POST", "/login/", {"csrfmiddlewaretoken": token or "", "username": username, "password": PASSWORD}
    )
    if answer.status != 302:
        raise RuntimeError(f"The benchmark's admin could not log in ({answer.status}).")
    return "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def download(database_url: str, path: str, username: str) -> Download:
    """A fresh gunicorn, a login, and the whole file read in 1 MiB pieces; the worker's peak memory after."""
    arguments = ["--config=config/gunicorn.conf.py"]
    with gunicorn(database_url, 1, settings_module="bench.export.settings", arguments=arguments) as (port, master):
        worker = worker_pid(master)
        cookie = log_in(port, username)
        connection = http.client.HTTPConnection(HOST, port, timeout=READ_TIMEOUT)
        lines = size = 0
        tail = b""
        digest = hashlib.sha256()
        cut_off = False
        started = time.perf_counter()
        connection.request("GET", path, headers={"Host": f"{HOST}:{port}", "Cookie": cookie})
        response = connection.getresponse()
        try:
            while piece := response.read(READ_BYTES):
                lines += piece.count(b"\n")
                size += len(piece)
                digest.update(piece)
                tail = (tail + piece)[-4096:]
        except (OSError, http.client.HTTPException):
            cut_off = True
        seconds = time.perf_counter() - started
        connection.close()
        match = TRAILER.search(tail)
        return Download(
            path=path,
            status=response.status,
            lines=lines,
            bytes=size,
            seconds=seconds,
            trailer_rows=int(match.group(1)) if match else None,
            cut_off=cut_off,
            peak_rss_mb=peak_rss_mb(worker),
            sha256=digest.hexdigest(),
        )


def report(size: int, copied: Download, built: Download | None) -> bool:
    print(f"\nThe contact list's CSV, {size:,} contacts, one gthread worker (config/gunicorn.conf.py), over HTTP:")
    print(f"{'path':<22}{'rows':>11}{'MB':>8}{'seconds':>9}{'rows/s':>10}{'peak RSS':>10}  complete")
    for name, result in (("COPY (PostgreSQL)", copied), ("rows built in Python", built)):
        if result is None:
            continue
        print(
            f"{name:<22}{result.rows:>11,}{result.bytes / 1e6:>8.0f}{result.seconds:>9.1f}"
            f"{result.rows_per_second:>10,.0f}{result.peak_rss_mb:>7.0f} MB  "
            f"{'yes' if result.complete(size) else 'NO'}"
        )
    if built is not None and built.rows_per_second:
        print(f"COPY streams {copied.rows_per_second / built.rows_per_second:.1f}× the rows per second of Python.")
        print(f"Both files the same to the byte: {'yes' if built.sha256 == copied.sha256 else 'NO'}.")
    fast = copied.seconds < SECONDS_TARGET
    small = copied.peak_rss_mb < RSS_TARGET_MB
    print(
        f"Targets: complete {'✓' if copied.complete(size) else '✗'}, "
        f"under {SECONDS_TARGET:.0f} s {'✓' if fast else '✗'}, under {RSS_TARGET_MB:.0f} MB {'✓' if small else '✗'}"
    )
    same = built is None or built.sha256 == copied.sha256
    return copied.complete(size) and fast and small and same


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.export.run", description=__doc__.split("\n")[0])
    parser.add_argument("size", nargs="?", type=int, default=DEFAULT_SIZE, help="contacts (%(default)s)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the rows built in Python")
    args = parser.parse_args(argv)
    database_url = os.environ.get("BENCH_EXPORT_DATABASE_URL", DEFAULT_DATABASE_URL)
    django_on_postgresql(database_url, variable="BENCH_EXPORT_DATABASE_URL", settings_module="bench.export.settings")
    from accounts.models import User

    print(f"Database {urlsplit(database_url).path.lstrip('/')} migrated.", flush=True)
    username = User.objects.get(pk=ensure_data(args.size)).username
    copied = download(database_url, EXPORT_PATH, username)
    built = None if args.no_baseline else download(database_url, BASELINE_PATH, username)
    return 0 if report(args.size, copied, built) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
