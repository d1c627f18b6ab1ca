"""The overview: the headline figures, their trend, and where to look closer."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from insights.filters import DashboardFilters
from insights.metrics import weighted_target
from insights.selectors import breakdown, memorable_moments, ranked
from insights.views.common import (
    attach_links,
    filters_for,
    interval_chart,
    own_target,
    page_context,
    period_sections,
)

LATEST_MOMENTS_SHOWN = 6


def dashboard_sections(user: User, filters: DashboardFilters, *, target_csat: float | None = None) -> dict[str, Any]:
    """The figures, trend, distribution, channels, contact points and latest moments of one scope.

    Shared by the overview and the channel page; a fixed eight queries
    whatever the number of contacts. Without a contact point's own target,
    the target is what the period's mix of contact points would reach if
    each met its own.
    """
    points = attach_links(filters, breakdown(user, filters, "contact_point"))
    target_is_mix = target_csat is None
    if target_is_mix:
        target_csat = weighted_target([(row.target_csat, row.counts.ratings) for row in points])
    sections = period_sections(user, filters, target_csat)
    channels = attach_links(filters, breakdown(user, filters, "channel"))
    best, worst = ranked(points)
    return {
        **sections,
        "target_is_mix": target_is_mix,
        "channels": channels,
        "channels_chart": interval_chart(channels, target_csat),
        "contact_points": points,
        "best": best,
        "worst": worst,
        "unranked": [row for row in points if not row.csat.comparable],
        "latest_moments": list(memorable_moments(user, filters, with_comment=True)[:LATEST_MOMENTS_SHOWN]),
    }


@login_required
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = filters_for(request)
    target = own_target(filters.contact_point) if filters.contact_point else None
    return render(
        request,
        "insights/overview.html",
        page_context(request, filters, **dashboard_sections(request.user, filters, target_csat=target)),
    )
