"""Logging a contact: the page staff use many times a day, so it must take seconds."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from accounts.http import AuthenticatedHttpRequest
from moments.forms import INVITING_METHODS, ContactLogForm, add_service_errors
from moments.models import Contact, ContactPoint, Customer, Rating, RatingMethod, search_key
from moments.rating_requests import asked_ago, get_provider
from moments.services import contact_log, customer_create

RECENT_CUSTOMERS_SHOWN = 5
# Enough of a person's newest contacts to hold their five latest customers,
# unless they met the same few customers all day (then the whole history is read).
RECENT_CONTACTS_READ = 30
CUSTOMER_SEARCH_LIMIT = 10
CUSTOMER_SEARCH_MIN_LENGTH = 2


def _last_contact_point_id(request: AuthenticatedHttpRequest) -> int | None:
    """The contact point this person used last, if it is still open for logging."""
    last = (
        Contact.objects.filter(logged_by=request.user, contact_point__is_active=True)
        .order_by("-logged_at")
        .values_list("contact_point_id", flat=True)
        .first()
    )
    return last


def _recent_customers(request: AuthenticatedHttpRequest) -> list[Customer]:
    """The customers this person saw last, the latest first: one query, read from their newest contacts.

    Only the newest RECENT_CONTACTS_READ contacts are grouped (the newest end
    of the representative's index), so the page costs the same after a year
    of contacts as on the first day. Only when those hold fewer customers
    than are shown is the whole history asked (a second query, cheap for
    someone new), which gives the same list.
    """
    mine = Contact.objects.filter(representative=request.user)
    newest = mine.order_by("-occurred_at", "-pk").values("pk")[:RECENT_CONTACTS_READ]
    customers = _customers_by_last_contact(newest)
    if len(customers) < RECENT_CUSTOMERS_SHOWN:
        customers = _customers_by_last_contact(mine.values("pk"))
    return customers


def _customers_by_last_contact(contacts: QuerySet[Contact, Any]) -> list[Customer]:
    customers = (
        Customer.objects.filter(contacts__in=contacts)
        .annotate(last_contact_at=Max("contacts__occurred_at"))
        .order_by("-last_contact_at", "-pk")
    )
    return list(_with_last_asked(customers)[:RECENT_CUSTOMERS_SHOWN])


def _with_last_asked(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """The customers with when each was asked too recently to be asked again (recently_asked_at), in their query."""
    provider = get_provider()
    return customers.annotate(recently_asked_at=provider.last_asked()) if provider else customers


@login_required
@require_http_methods(["GET", "POST"])
def contact_log_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ContactLogForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    customer = data["customer"] or customer_create(
                        name=data["new_customer_name"],
                        kind=data["new_customer_kind"],
                        email=data["new_customer_email"],
                        phone=data["new_customer_phone"],
                    )
                    staff_entered = data["rating_method"] == RatingMethod.STAFF
                    contact = contact_log(
                        logged_by=request.user,
                        contact_point=data["contact_point"],
                        customer=customer,
                        occurred_at=data["occurred_at"],
                        duration_minutes=data["duration_minutes"],
                        outcome=data["outcome"],
                        notes=data["notes"],
                        score=data["score"] if staff_entered else None,
                        comment=data["comment"] if staff_entered else "",
                        rating_source=Rating.Source.STAFF,
                    )
                    rating_request = None
                    if data["rating_method"] in INVITING_METHODS and form.rating_requests is not None:
                        # Inside the transaction: an invitation that cannot be
                        # made (no e-mail address) leaves no contact behind.
                        rating_request = form.rating_requests.request_rating(
                            contact=contact,
                            method=data["rating_method"],
                            requested_by=request.user,
                            base_url=request.build_absolute_uri("/"),
                        )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if data["rating_method"] == RatingMethod.KIOSK and rating_request and rating_request.next_url:
                    # The device goes to the customer next: no message about
                    # the contact may wait on it.
                    return redirect(rating_request.next_url)
                messages.success(
                    request,
                    format_html(
                        gettext(
                            'Contact with {customer} at {contact_point} logged. <a href="{url}" class="alert-link">'
                            "View it</a> or log the next one below."
                        ),
                        customer=customer.name,
                        contact_point=contact.contact_point.name,
                        url=contact.get_absolute_url(),
                    ),
                )
                if rating_request is None:
                    return redirect("contact_log")
                messages.info(request, rating_request.message)
                return redirect(rating_request.next_url or "contact_log")
    else:
        form = ContactLogForm(user=request.user, initial={"contact_point": _last_contact_point_id(request)})

    contact_point = form.contact_point_chosen()
    selected_customer = _selected_customer(form)
    recent_customers = [c for c in _recent_customers(request) if c != selected_customer]
    _note_recently_asked([selected_customer, *recent_customers] if selected_customer else recent_customers)
    return render(
        request,
        "moments/contact_log.html",
        {
            "form": form,
            "contact_point": contact_point,
            "selected_customer": selected_customer,
            "recent_customers": recent_customers,
        },
    )


def _note_recently_asked(customers: list[Customer]) -> None:
    """Say how long ago each customer fetched through _with_last_asked was asked, so the choice says so."""
    for customer in customers:
        # Annotated by _with_last_asked when a rating-request provider is installed; the template reads it too.
        asked_at = getattr(customer, "recently_asked_at", None)
        customer.recently_asked_ago = asked_ago(asked_at) if asked_at else ""


def _selected_customer(form: ContactLogForm) -> Customer | None:
    value = form["customer"].value()
    if not value:
        return None
    try:
        return _with_last_asked(Customer.objects.filter(pk=int(value))).first()
    except (ValueError, TypeError):
        return None


@login_required
@require_GET
def contact_point_standard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The purpose and service standard of the chosen contact point (htmx partial)."""
    contact_point = None
    try:
        pk = int(request.GET.get("contact_point", ""))
    except ValueError:
        # Not only letters: "²" passes str.isdigit() but is no number.
        pk = None
    if pk is not None:
        contact_point = ContactPoint.objects.for_logging(request.user).filter(pk=pk).first()
    return render(request, "moments/_contact_point_standard.html", {"contact_point": contact_point})


@login_required
@require_GET
def customer_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Customers matching the typed name, e-mail, phone or reference (htmx partial).

    Too short a query (a cleared search box) brings back the recent customers,
    so clearing the box does not leave the list empty.
    """
    # PostgreSQL refuses NUL in any string; nobody types one, so it is dropped.
    query = request.GET.get("customer_search", "").replace("\x00", "").strip()[:100]
    searched = len(query) >= CUSTOMER_SEARCH_MIN_LENGTH
    if searched:
        matches = (
            # Without accents or Thai tone marks on either side (search_key), so
            # "lopez" finds "López" and "กอง" finds "ก้อง" instead of a duplicate customer.
            Q(search_name__contains=search_key(query))
            | Q(email__iexact=query)
            | Q(external_ref__iexact=query)
            | Q(phone=query)
        )
        customers = list(_with_last_asked(Customer.objects.filter(matches).order_by("name"))[:CUSTOMER_SEARCH_LIMIT])
    else:
        customers = _recent_customers(request)
    _note_recently_asked(customers)
    return render(
        request,
        "moments/_customer_results.html",
        {"customers": customers, "query": query, "searched": searched},
    )
