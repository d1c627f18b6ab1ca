"""The pages Moments answers with when a request goes wrong; none of them may fail in turn.

Django's own handlers are decorated with requires_csrf_token, which reads
request.POST again: a form posted in an encoding Django refuses (say
`charset=utf-16`) made the 400 handler raise the same BadRequest, then the
500 handler too, and the server answered with its bare error. These views
never read the request body, and each renders its page inside a try: if
rendering raises (the database is down when the context processors load
the user, a header Django refuses), a few plain lines with the same status
are answered instead.

A database that cannot be reached is not a bug: any OperationalError or
InterfaceError that escapes a view or a middleware reaches server_error,
which answers 503 with Retry-After from a template that needs neither the
request nor the database.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# A PostgreSQL restart or fail-over takes seconds; browsers and API clients
# are asked to wait about this long before they try again.
DATABASE_RETRY_AFTER_SECONDS = 30

_PLAIN_TEXT: dict[int | str, Promise] = {
    "csrf": _("Forbidden: the form had expired, or your browser blocks cookies here. Reload it and send it again."),
    400: _("Bad request: Moments could not read what your browser sent. Go back and try again."),
    403: _("Forbidden: this page or form is not open to you. Go back to the start page: /"),
    404: _("Not found: this page does not exist, or it is not among the pages you may see. Start page: /"),
    500: _("Server error: the page could not be shown, and the error has been logged. Start page: /"),
    503: _("Service unavailable: Moments cannot reach its database right now. Try again in a minute."),
}


def _plain(status: int, text: str | Promise | None = None) -> HttpResponse:
    return HttpResponse(str(text or _PLAIN_TEXT[status]), content_type="text/plain; charset=utf-8", status=status)


def _render_or_plain(
    request: HttpRequest,
    template_name: str,
    context: dict[str, object],
    status: int,
    plain: str | Promise | None = None,
) -> HttpResponse:
    try:
        return render(request, template_name, context, status=status)
    except Exception:
        logger.exception("The %s page could not be rendered; answered in plain text instead.", status)
        return _plain(status, plain)


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether an error, or one it was raised from, says the database cannot be reached."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def database_unavailable() -> HttpResponse:
    """503 with Retry-After, rendered without a request so nothing can touch the database."""
    try:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    except Exception:
        logger.exception("The 503 page could not be rendered; answered in plain text instead.")
        response = _plain(503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The exception's text stays out of the page: it may quote what was sent.
    return _render_or_plain(request, "400.html", {}, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Our own refusals carry a sentence for the user ("Only admins configure…").
    reason = str(exception) if exception.args else ""
    return _render_or_plain(request, "403.html", {"exception": reason}, 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _render_or_plain(request, "404.html", {}, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_database_unavailable(sys.exception()):
        return database_unavailable()
    # No request context: whatever broke the page may break the context processors too.
    try:
        return HttpResponse(loader.render_to_string("500.html"), status=500)
    except Exception:
        logger.exception("The 500 page could not be rendered; answered in plain text instead.")
        return _plain(500)


def _form_page(request: HttpRequest) -> str | None:
    """The page the form was sent from, when it is one of ours."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form that expired or came without its cookie, explained in the layout."""
    try:
        form_page = _form_page(request)
    except Exception:  # e.g. DisallowedHost from get_host(): the start page will do
        form_page = None
    context: dict[str, object] = {
        "form_page": form_page,
        "home_url": reverse("home"),
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
    }
    return _render_or_plain(request, "403_csrf.html", context, 403, _PLAIN_TEXT["csrf"])
