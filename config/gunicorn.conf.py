"""gunicorn's settings for production: `make serve-prod` runs `gunicorn -c config/gunicorn.conf.py`.

Threaded workers (gthread), because a worker's timeout means something else
for them. A sync worker reports to the arbiter only between requests, so its
`timeout` is a limit on every request: the default 30 s killed the contact
list's CSV halfway through a large organisation's file. A gthread worker's
main thread reports every second while its threads serve, so `timeout` only
catches a worker that has stopped responding altogether, and a streamed
export runs as long as the client keeps reading it (a million contacts
stream in seconds, see the README).
"""

from __future__ import annotations

import os


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, not {raw!r}.")
    return value


wsgi_app = "config.wsgi"
worker_class = "gthread"
# Processes: WEB_CONCURRENCY, the variable hosting platforms set (about one or two per core).
workers = _positive_int("WEB_CONCURRENCY", 3)
# Requests each process serves at once; each thread holds its own database connection.
threads = _positive_int("GUNICORN_THREADS", 4)
# A worker whose main loop has not reported for this long is hung and is replaced.
# It does not limit a request's length under gthread (see above); 60 s rides
# out a long pause of the whole machine without restarting healthy workers.
timeout = 60
# On a restart or deploy, requests already running get this long to finish
# before their worker is stopped: a one-million-contact export needs well
# under a minute, so it completes rather than being cut off by a deploy.
graceful_timeout = 60
# Behind a proxy that keeps connections open to us.
keepalive = 5
accesslog = "-"
