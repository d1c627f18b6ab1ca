"""One person's figures: per contact point, over time, and their customers' words."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from insights.metrics import weighted_target
from insights.selectors import breakdown, comments
from insights.views.common import attach_links, filters_for, page_context, period_sections

COMMENTS_SHOWN = 20


def _get_representative_for_user(request: AuthenticatedHttpRequest, pk: int) -> User:
    """The person, if the viewer may see their figures (staff: only themselves); a 404 otherwise."""
    person: User = get_object_or_404(User.objects.visible_to(request.user).select_related("department"), pk=pk)
    return person


@login_required
@require_GET
def representative_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    representative = _get_representative_for_user(request, pk)
    filters = filters_for(request, representative=representative)
    points = attach_links(filters, breakdown(request.user, filters, "contact_point"))
    target = weighted_target([(row.target_csat, row.counts.ratings) for row in points])
    return render(
        request,
        "insights/representative.html",
        page_context(
            request,
            filters,
            representative=representative,
            **period_sections(request.user, filters, target),
            contact_points=points,
            comments=list(comments(request.user, filters)[:COMMENTS_SHOWN]),
        ),
    )
