"""The request a view behind `login_required` receives: its user is signed in."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """For type checking only: Django hands every view an HttpRequest, whose user
    may be anonymous; behind `login_required` it never is."""

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that only signed-in people reach (the admin site): refused if anonymous."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user
