"""The contact lists and a contact's own page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from audit.history import object_history
from moments.filters import ContactFilter
from moments.forms import ContactCorrectForm
from moments.models import Contact, Rating
from moments.services import contact_correct

CONTACTS_PER_PAGE = 25


def _get_contact_for_user(request: AuthenticatedHttpRequest, pk: int) -> Contact:
    """The contact, if this user may see it; a 404 otherwise, so nothing leaks."""
    # The rating names whose login sent it (a kiosk hand-over, a link answered from a staff login).
    contacts = Contact.objects.visible_to(request.user).with_related().select_related("rating__submitted_by")
    return get_object_or_404(contacts, pk=pk)


@login_required
@require_GET
def contact_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    contacts = Contact.objects.visible_to(request.user).with_related().order_by("-occurred_at", "-id")
    contact_filter = ContactFilter(request.GET or None, queryset=contacts, user=request.user)
    page = Paginator(contact_filter.qs, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "moments/contact_list.html",
        {
            "filter": contact_filter,
            "page": page,
            "querystring": query.urlencode(),
            "is_own_list": not request.user.sees_others,
        },
    )


@login_required
@require_GET
def contact_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    # Who changed the record and how is for admins: a representative sees
    # their contact as it stands, not a colleague's corrections of it.
    history = None
    if request.user.is_admin:
        history = object_history(contact, parts=[Rating])
    return render(
        request,
        "moments/contact_detail.html",
        {"contact": contact, "can_correct": contact.is_editable_by(request.user), "history": history},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_correct_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for_user(request, pk)
    if not contact.is_editable_by(request.user):
        raise PermissionDenied(gettext("Only the representative may correct a contact, within a day of logging it."))
    form = ContactCorrectForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        contact_correct(
            contact=contact,
            corrected_by=request.user,
            outcome=form.cleaned_data["outcome"],
            notes=form.cleaned_data["notes"],
        )
        messages.success(request, gettext("Contact corrected."))
        return redirect(contact)
    return render(request, "moments/contact_correct.html", {"contact": contact, "form": form})
