"""Figures about invitations for the dashboards: response rates, aggregated by the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from accounts.models import User
from moments.models import Contact
from surveys.models import SurveyInvitation


def _sent_invitations(*, viewer: User, since: datetime | None, until: datetime | None) -> QuerySet[SurveyInvitation]:
    """Invitations that reached the customer, for contacts the viewer may see, by when the contact happened."""
    invitations = SurveyInvitation.objects.filter(
        sent_at__isnull=False, contact__in=Contact.objects.visible_to(viewer).values("pk")
    )
    if since is not None:
        invitations = invitations.filter(contact__occurred_at__gte=since)
    if until is not None:
        invitations = invitations.filter(contact__occurred_at__lt=until)
    return invitations


def _response_rate(invitations: QuerySet[SurveyInvitation], **group: Any) -> list[dict[str, Any]]:
    """One GROUP BY query: sent (the n), answered, and the rate in percent (None when nothing was sent)."""
    return list(
        invitations.values(**group)
        .annotate(sent=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .annotate(
            response_rate=Case(
                When(sent=0, then=Value(None)),
                default=Cast(F("answered"), FloatField()) * 100.0 / Cast(F("sent"), FloatField()),
                output_field=FloatField(),
            )
        )
        .order_by("name", *(key for key in group if key != "name"))
    )


def response_rate_by_contact_point(
    *, viewer: User, since: datetime | None = None, until: datetime | None = None
) -> list[dict[str, Any]]:
    """[{"contact_point_id", "name", "sent", "answered", "response_rate"}], one query."""
    return _response_rate(
        _sent_invitations(viewer=viewer, since=since, until=until),
        contact_point_id=F("contact__contact_point_id"),
        name=F("contact__contact_point__name"),
    )


def response_rate_by_channel(
    *, viewer: User, since: datetime | None = None, until: datetime | None = None
) -> list[dict[str, Any]]:
    """[{"channel_id", "name", …}] by the channel the contact was logged on, one query."""
    return _response_rate(
        _sent_invitations(viewer=viewer, since=since, until=until),
        channel_id=F("contact__channel_id"),
        name=F("contact__channel__name"),
    )


def response_rate_by_representative(
    *, viewer: User, since: datetime | None = None, until: datetime | None = None
) -> list[dict[str, Any]]:
    """[{"representative_id", "name", …}], the name as staff see it in the app, one query."""
    return _response_rate(
        _sent_invitations(viewer=viewer, since=since, until=until),
        representative_id=F("contact__representative_id"),
        name=Coalesce(
            NullIf(F("contact__representative__display_name"), Value("")), F("contact__representative__username")
        ),
    )
