"""Staff pages around an invitation: the QR code to show, the printable link, the kiosk hand-over.

Each view starts by fetching the contact through who-sees-what: a contact
the user may not see is a 404, never a 403, so its existence does not leak.

What the customer reads is in the customer's language (surveys.languages):
the kiosk's question and thank-you, and the printed sheet. What staff read
stays in theirs: the code on their screen, the buttons they press on the
sheet and after the hand-over, a hand-over that is not open.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.http import AuthenticatedHttpRequest
from moments.localisation import customer_language
from moments.models import Contact
from moments.rating_requests import fatigue_note
from moments.services import RatingAlreadyGiven
from surveys.forms import InvitationMethodForm, SurveyResponseForm
from surveys.languages import CustomerPageLanguage, customer_page_language, in_language
from surveys.models import InvitationMethod, SurveyInvitation
from surveys.qr import qr_svg
from surveys.services import (
    InvitationNotPossible,
    invitation_mark_opened,
    invitation_renew,
    invitation_request,
    kiosk_answer,
)


def _get_contact_for_user(request: AuthenticatedHttpRequest, pk: int) -> Contact:
    """The contact, if this user may see it; a 404 otherwise, so nothing leaks."""
    return get_object_or_404(
        Contact.objects.visible_to(request.user).with_related().select_related("survey_invitation"), pk=pk
    )


def invitation_of(contact: Contact) -> SurveyInvitation | None:
    try:
        return contact.survey_invitation
    except SurveyInvitation.DoesNotExist:
        return None


def base_url(request: AuthenticatedHttpRequest) -> str:
    return request.build_absolute_uri("/")


def next_page(invitation: SurveyInvitation) -> str:
    """Where staff go once an invitation is made: to show the code, to hand over the device, or back to the contact."""
    if invitation.method == InvitationMethod.LINK:
        return reverse("survey_invitation_show", args=[invitation.contact_id])
    if invitation.method == InvitationMethod.KIOSK:
        return reverse("survey_kiosk", args=[invitation.contact_id])
    return reverse("contact_detail", args=[invitation.contact_id])


def created_message(invitation: SurveyInvitation) -> str:
    if invitation.method == InvitationMethod.EMAIL:
        return gettext("The rating link is on its way to %(email)s.") % {"email": invitation.contact.customer.email}
    if invitation.method == InvitationMethod.KIOSK:
        return gettext("Hand the device to the customer to rate the contact.")
    return gettext("Show the customer the QR code, or give them the link.")


def _link_page(
    request: AuthenticatedHttpRequest, template: str, contact: Contact, invitation: SurveyInvitation, **context: object
) -> HttpResponse:
    """A page with the customer's link written out and as a QR code."""
    link = invitation.public_url(base_url(request))
    context.update({"contact": contact, "invitation": invitation, "link": link, "qr": qr_svg(link)})
    return render(request, template, context)


def _refusal_text(error: InvitationNotPossible | ValidationError) -> str:
    return " ".join(getattr(error, "messages", None) or [str(error)])


@login_required
@require_GET
def invitation_show(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The QR code and link, big enough to scan from the staff member's screen."""
    contact = _get_contact_for_user(request, pk)
    invitation = invitation_of(contact)
    if invitation is None:
        raise Http404("This contact has no survey link.")
    if invitation.method == InvitationMethod.KIOSK:
        return redirect("survey_kiosk", pk=contact.pk)
    return _link_page(request, "surveys/staff/invitation_show.html", contact, invitation)


@login_required
@require_GET
def invitation_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A printable sheet with the code and the link, to hand to the customer."""
    contact = _get_contact_for_user(request, pk)
    invitation = invitation_of(contact)
    if invitation is None or invitation.method == InvitationMethod.KIOSK:
        raise Http404("This contact has no survey link.")
    # The sheet is the customer's; its print and back buttons are the staff member's.
    staff_language = translation.get_language()
    language = customer_language(contact.customer, request)
    with translation.override(language):
        page = _link_page(
            request, "surveys/staff/invitation_print.html", contact, invitation, staff_language=staff_language
        )
    return in_language(language, page)


@login_required
@require_POST
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite the customer of an already logged contact (from the contact's page)."""
    contact = _get_contact_for_user(request, pk)
    form = InvitationMethodForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(map(str, form.errors["method"])))
        return redirect(contact)
    try:
        result = invitation_request(
            contact=contact, method=form.cleaned_data["method"], requested_by=request.user, base_url=base_url(request)
        )
    except (InvitationNotPossible, ValidationError) as error:
        messages.error(request, _refusal_text(error))
        return redirect(contact)
    if result.invitation is None:
        assert result.asked_at is not None
        messages.info(request, fatigue_note(customer_name=contact.customer.name, asked_at=result.asked_at, done=True))
        return redirect(contact)
    messages.success(request, created_message(result.invitation))
    return redirect(next_page(result.invitation))


@login_required
@require_POST
def invitation_renew_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A new link for an unanswered invitation: lost, expired, or switching to another way of asking."""
    contact = _get_contact_for_user(request, pk)
    invitation = invitation_of(contact)
    if invitation is None:
        raise Http404("This contact has no invitation.")
    form = InvitationMethodForm(request.POST)
    method = form.cleaned_data["method"] if form.is_valid() else invitation.method
    try:
        invitation = invitation_renew(invitation=invitation, base_url=base_url(request), method=method)
    except (InvitationNotPossible, ValidationError) as error:
        messages.error(request, _refusal_text(error))
        return redirect(contact)
    messages.success(
        request,
        gettext("A new link replaces the old one, which no longer works. %(next)s")
        % {"next": created_message(invitation)},
    )
    return redirect(next_page(invitation))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def kiosk(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The staff device handed to the customer: the rating question and nothing else."""
    contact = _get_contact_for_user(request, pk)
    invitation = invitation_of(contact)
    if not contact.has_rating and (
        invitation is None or invitation.method != InvitationMethod.KIOSK or invitation.is_expired()
    ):
        # Only a hand-over started when logging (or from the contact's page)
        # opens the kiosk, and only for a short while: a representative must
        # not be able to rate their own old contacts "as the customer".
        # Nothing is handed over, so the page is the staff member's.
        return render(request, "surveys/staff/kiosk_unavailable.html", {"contact": contact}, status=410)
    language = customer_page_language(request, contact.customer)
    context: dict[str, object] = {
        "contact": contact,
        "language": language,
        "staff_language": translation.get_language(),
    }
    with translation.override(language.code):
        return in_language(language.code, _kiosk(request, contact, invitation, language, context))


def _kiosk(
    request: AuthenticatedHttpRequest,
    contact: Contact,
    invitation: SurveyInvitation | None,
    language: CustomerPageLanguage,
    context: dict[str, object],
) -> HttpResponse:
    if contact.has_rating:
        return render(
            request, "surveys/staff/kiosk_already_rated.html", context, status=409 if request.method == "POST" else 200
        )
    assert invitation is not None
    form = SurveyResponseForm(
        request.POST if request.method == "POST" else None,
        asks_effort=contact.contact_point.asks_effort,
        organisation_name=settings.ORGANISATION_NAME,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                kiosk_answer(
                    contact=contact,
                    submitted_by=request.user,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    effort_score=form.cleaned_data.get("effort_score"),
                    language=language.code if language.chosen else None,
                )
            except RatingAlreadyGiven:
                return render(request, "surveys/staff/kiosk_already_rated.html", context, status=409)
            return redirect(reverse("survey_kiosk_thanks", args=[contact.pk]) + language.query())
        status = 400
    else:
        invitation_mark_opened(invitation=invitation)
    context.update(
        {
            "form": form,
            "contact_point_name": contact.contact_point.name,
            "representative_first_name": contact.representative.first_name_for_customers,
            "occurred_at": contact.occurred_at,
        }
    )
    return render(request, "surveys/staff/kiosk.html", context, status=status)


@login_required
@require_GET
def kiosk_thanks(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The customer's thank-you on the device, with the way back for the staff member in theirs."""
    contact = _get_contact_for_user(request, pk)
    language = customer_page_language(request, contact.customer)
    if not contact.has_rating:
        return redirect(reverse("survey_kiosk", args=[contact.pk]) + language.query())
    context = {"contact": contact, "language": language, "staff_language": translation.get_language()}
    with translation.override(language.code):
        return in_language(language.code, render(request, "surveys/staff/kiosk_thanks.html", context))
