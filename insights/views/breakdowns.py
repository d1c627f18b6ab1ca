"""One channel, one contact point, and the departments side by side."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from insights.metrics import weighted_target
from insights.selectors import breakdown, departments_compared, memorable_moments
from insights.views.common import (
    attach_links,
    filters_for,
    interval_chart,
    managers_and_admins_only,
    own_target,
    page_context,
    period_sections,
)
from insights.views.overview import LATEST_MOMENTS_SHOWN, dashboard_sections
from moments.models import Channel, ContactPoint


def _get_channel(pk: int) -> Channel:
    """Channels are configuration every logged-in person sees; the figures under them are filtered."""
    return get_object_or_404(Channel, pk=pk)


def _get_contact_point(pk: int) -> ContactPoint:
    """As channels: anyone may log at any contact point, so anyone may open its page (with their own figures)."""
    return get_object_or_404(ContactPoint.objects.select_related("channel", "department"), pk=pk)


@login_required
@require_GET
def channel_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    channel = _get_channel(pk)
    filters = filters_for(request, channel=channel)
    target = own_target(filters.contact_point) if filters.contact_point else None
    return render(
        request,
        "insights/channel.html",
        page_context(
            request, filters, channel=channel, **dashboard_sections(request.user, filters, target_csat=target)
        ),
    )


@login_required
@require_GET
def contact_point_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact_point = _get_contact_point(pk)
    filters = filters_for(request, contact_point=contact_point)
    sections = period_sections(request.user, filters, own_target(contact_point))
    representatives = attach_links(filters, breakdown(request.user, filters, "representative"))
    return render(
        request,
        "insights/contact_point.html",
        page_context(
            request,
            filters,
            contact_point=contact_point,
            **sections,
            representatives=representatives,
            latest_moments=list(memorable_moments(request.user, filters, with_comment=True)[:LATEST_MOMENTS_SHOWN]),
        ),
    )


@login_required
@managers_and_admins_only
@require_GET
def department_comparison(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = filters_for(request)
    departments = attach_links(filters, departments_compared(request.user, filters))
    points = breakdown(request.user, filters, "contact_point")
    target = weighted_target([(row.target_csat, row.counts.ratings) for row in points])
    return render(
        request,
        "insights/departments.html",
        page_context(
            request,
            filters,
            departments=departments,
            departments_chart=interval_chart(departments, target),
            target_csat=target,
        ),
    )
