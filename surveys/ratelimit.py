"""A per-address rate limit for the public survey pages, on Django's cache.

The pages need no login, so anyone can hammer them with guessed tokens; a
small fixed window per client address makes guessing pointless (the tokens
are unguessable anyway) and keeps a misbehaving client from loading the
database.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

View = Callable[..., HttpResponse]


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
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(scope: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            limit, window = settings.SURVEY_RATE_LIMIT
            window_number = int(time.time()) // window
            # Hashed so an odd header value can never form an invalid cache key.
            address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
            key = f"ratelimit:{scope}:{address}:{window_number}"
            cache.add(key, 0, timeout=window)
            try:
                count = cache.incr(key)
            except ValueError:
                # The key expired between add and incr: a new window has begun.
                cache.add(key, 1, timeout=window)
                count = 1
            if count > limit:
                response = render(
                    request, "surveys/public/rate_limited.html", {"minutes": max(1, window // 60)}, status=429
                )
                response["Retry-After"] = str(window - int(time.time()) % window)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
