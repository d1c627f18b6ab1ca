"""The baseline the logging page is measured against, in the same run under the same gunicorn.

The cheapest write a logged-in staff member can make: the same middleware,
session, user and CSRF check as the logging form, one tiny form validated
and one row inserted through the ORM, nothing rendered. Whatever the
logging page costs on top of this is its own.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from moments.models import Customer

# Rows made by the baseline carry this in their reference, so the run can count them.
BARE_PREFIX = "bare "


class BareInsertForm(forms.Form):
    name = forms.CharField(max_length=150)


@login_required
@require_POST
def bare_insert(request: HttpRequest) -> HttpResponse:
    form = BareInsertForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    Customer.objects.create(name=BARE_PREFIX + form.cleaned_data["name"])
    return HttpResponse("created", status=201, content_type="text/plain")
