from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from accounts.http import AuthenticatedHttpRequest


@login_required
@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each person to the page they use most."""
    if request.user.sees_others:
        return redirect("insights_overview")
    return redirect("contact_log")
