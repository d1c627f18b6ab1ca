"""A per-address rate limit for the public survey pages, shared by every process.

The pages need no login, so anyone can hammer them with guessed tokens; a
small fixed window per client address makes guessing pointless (the tokens
are unguessable anyway) and keeps a misbehaving client from loading the
database. The counts live in the "default" cache, which every worker shares
(the database or Redis, see settings): counted per process, the limit would
be multiplied by the number of workers.

What is charged is what a customer cannot avoid paying for, per address:
  a link that does not exist (guessed, mistyped, kiosk-only) -> one action per request
  a visit to a real link  -> one action for its first request and for every
      VISIT_REQUESTS requests after that, so opening the question, answering
      and seeing the thank-you page is one action. Customers behind one
      address (a shop's Wi-Fi) can each rate their contact up to the limit,
      instead of a third of it.
  a submission that records nothing (bad form, replay, refused) -> one action
      per request as well, so that others on the address pay for it; it
      still uses up one of its visit's requests.
An address at its limit is refused before the view runs, without a query for
the link; a request that its visit already paid for still goes through, so a
customer who has answered always reaches the thank-you page. Requests in
flight at the same moment may all pass the check, so the limit can be
exceeded by at most the number of requests served at once; no count is ever
lost (the cache's increments are atomic).
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render
from django.utils import translation

from surveys.languages import in_language, page_language

View = Callable[..., HttpResponseBase]

# Opening the link, a reload or two, a corrected submission, the thank-you
# page, reopening it from the e-mail later: one customer's visit fits in ten
# requests. Beyond that the same link is charged again, so a known token does
# not buy unlimited requests either.
VISIT_REQUESTS = 10

# What the survey views answer for a token that leads to no page of its own
# (unknown, malformed or kiosk-only: 404) or a method they refuse (405).
NO_SUCH_LINK = {404, 405}


def client_address(request: HttpRequest) -> str:
    """The customer's address; behind a proxy, the last hop the proxy itself added.

    Only the right-most entry of X-Forwarded-For is trustworthy: everything
    to its left was sent by the client and can be made up. A value that is
    no address at all (a client reaching the app past the proxy) is ignored.
    The login lockout (AXES_CLIENT_IP_CALLABLE) counts by this address too.
    """
    header = settings.CLIENT_ADDRESS_HEADER
    if header:
        forwarded = request.headers.get(header, "")
        last = forwarded.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(last))
        except ValueError:
            pass
    return str(request.META.get("REMOTE_ADDR", ""))


def _digest(value: str) -> str:
    # Hashed so an odd header value can never form an invalid cache key, and
    # so the cache never holds a customer's token (it is their key to the page).
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _count(key: str, *, timeout: int) -> int:
    """Add one to a counter, creating it for `timeout` seconds; the new count."""
    try:
        return cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout=timeout):
            return 1
        # Another request created it in between.
        return cache.incr(key)


def _is_failed_submission(request: HttpRequest, response: HttpResponseBase) -> bool:
    # A recorded answer is a redirect to the thank-you page (POST/redirect/GET).
    return request.method == "POST" and response.status_code != 302


def rate_limited(scope: str) -> Callable[[View], View]:
    """Limit a public survey view, which takes the link's token as `token`, per client address."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: object, token: str, **kwargs: object) -> HttpResponseBase:
            limit, window = settings.SURVEY_RATE_LIMIT
            now = int(time.time())
            prefix = f"ratelimit:{scope}:{_digest(client_address(request))}:{now // window}"
            spent_key, visit_key = prefix, f"{prefix}:link:{_digest(token)}"
            counts = cache.get_many([spent_key, visit_key])
            visit_requests = counts.get(visit_key, 0)
            already_paid = visit_requests % VISIT_REQUESTS != 0
            if counts.get(spent_key, 0) >= limit and not already_paid:
                # In the language the link asks for or the browser's: no query for the customer's.
                language = page_language(request)
                with translation.override(language):
                    response: HttpResponseBase = render(
                        request, "surveys/public/rate_limited.html", {"minutes": max(1, window // 60)}, status=429
                    )
                in_language(language, response)
                response["Retry-After"] = str(window - now % window)
                return response

            response = view(request, *args, token=token, **kwargs)

            if response.status_code in NO_SUCH_LINK:
                _count(spent_key, timeout=window)
            else:
                _count(visit_key, timeout=window)
                if not already_paid or _is_failed_submission(request, response):
                    _count(spent_key, timeout=window)
            return response

        return wrapped

    return decorator
