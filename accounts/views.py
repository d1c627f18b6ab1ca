"""A person's own pages: the lockout page shown instead of the login form (AXES_LOCKOUT_CALLABLE), their preferences."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from axes.helpers import get_client_parameters, get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import get_language_from_request, gettext
from django.views.decorators.http import require_http_methods

from accounts.forms import PreferencesForm
from accounts.middleware import user_language


def _lockout_ends(request: HttpRequest, credentials: dict[str, object] | None) -> datetime:
    """When the last failure behind this lockout leaves the cool-off window.

    Failures are counted per username and per address, each row by its
    latest failure; once the newest of them is older than the cool-off,
    neither count can reach the limit any more. Attempts refused while
    locked are not recorded, so trying again does not push this time back.
    """
    cool_off: timedelta | None = get_cool_off(request)
    now = timezone.now()
    if cool_off is None:  # Only when AXES_COOLOFF_TIME is unset; settings always set it.
        return now
    username = get_client_username(request, credentials)
    # Both set on the request by axes' middleware, which has no type information.
    ip_address, user_agent = request.axes_ip_address, request.axes_user_agent  # type: ignore[attr-defined]
    parameters = get_client_parameters(username, ip_address, user_agent, request, credentials)
    matching = Q()
    for filter_kwargs in parameters:
        matching |= Q(**filter_kwargs)
    latest: datetime | None = AccessAttempt.objects.filter(matching).aggregate(latest=Max("attempt_time"))["latest"]
    return max(latest or now, now - cool_off) + cool_off


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, object] | None = None
) -> HttpResponse:
    retry_at = _lockout_ends(request, credentials)
    response = render(request, "registration/locked_out.html", {"retry_at": retry_at}, status=429)
    seconds = math.ceil((retry_at - timezone.now()).total_seconds())
    response["Retry-After"] = str(max(seconds, 1))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own preferences; nobody can reach anyone else's (the form edits request.user only)."""
    # An empty POST is a choice too: no language, the browser's.
    form = PreferencesForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # The middleware has activated the old language for this request; the message is in the new one.
        with translation.override(user_language(user) or get_language_from_request(request)):
            messages.success(request, gettext("Your preferences are saved."))
        response = redirect("preferences")
        # The login page, once logged out, keeps speaking the chosen language.
        if user.language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        else:
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
    return render(request, "accounts/preferences.html", {"form": form})
