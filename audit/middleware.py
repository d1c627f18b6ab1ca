"""Who made a change: the signed-in user of the request that saved it."""

from __future__ import annotations

from typing import Any

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


class AuditActorMiddleware(AuditlogMiddleware):
    """auditlog's middleware, looking the request's user up only when a change is recorded.

    The library's own reads `request.user` as the request comes in, which
    costs a session and a user query on requests that write nothing (the
    health check, the public survey pages) and fails there, outside any
    view, while the database is down. Looked up lazily, the actor is also
    whoever is authenticated when the change is saved, which suits views
    that authenticate the request themselves (an API token).
    """

    @staticmethod
    def _get_actor(request: HttpRequest) -> SimpleLazyObject[Any]:
        return SimpleLazyObject(lambda: AuditlogMiddleware._get_actor(request))
