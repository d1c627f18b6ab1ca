"""The customer's pages: no login, one link per contact, answered once.

Every outcome has its own friendly page and status:
  unknown, malformed or kiosk-only token -> 404
  expired link                            -> 410 Gone
  already answered, opened again (GET)    -> 200: reopening the link from an
      old e-mail is a normal thing for a customer to do, not an error, so
      they get an ordinary "already rated, thank you" page.
  already answered, submitted again (POST) -> 409 Conflict with the same page:
      a replayed or racing submission was not recorded, and the status says
      so to anything that is not a person reading the page.
  bad form data                           -> 400 with the form and its messages
  answered                                -> 302 to the thank-you page (POST/redirect/GET)
None of these pages shows anything about any other contact.

Each speaks the customer's language (surveys.languages): theirs, else the
browser's, else the organisation's, or the one they pick with the switch on
the page, which the page's links and form carry along.

Nor do they need a cookie: a customer whose browser blocks cookies rates like
anyone else (see LinkCsrfMiddleware for why that is safe), and nothing on
these pages reads or writes the session except to note who is logged in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseForbidden
from django.middleware.csrf import REASON_BAD_ORIGIN, CsrfViewMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from moments.services import RatingAlreadyGiven
from surveys.forms import SurveyResponseForm
from surveys.languages import CustomerPageLanguage, customer_page_language, in_language, page_language
from surveys.models import InvitationMethod, SurveyInvitation, is_well_formed_token
from surveys.ratelimit import rate_limited
from surveys.services import InvitationExpired, invitation_answer, invitation_mark_opened


class LinkCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check as the customer's link needs it: no cookie for a customer, the full check for a session.

    CSRF stops another site's page from making a visitor's browser send a
    request that we would trust because of what the browser adds by itself,
    the session cookie. A customer's answer carries no such thing: what
    allows it is the token in the URL, 256 random bits that no one can guess,
    good for one rating of one contact and nothing else. A page on another
    site would need the token to send the answer, and whoever has the token
    can send it directly; the CSRF cookie adds no protection for the
    customer, while demanding it stops every customer whose browser blocks
    cookies. So an anonymous request needs no CSRF token.

    Two things still depend on the browser's own context:
    - A session. The answer records the logged-in user behind it (a staff
      login answering a customer's link is flagged to managers). A forged
      post through a logged-in browser would put that person's name on a
      rating they never gave, which is exactly what CSRF protects, so a
      request with a session gets Django's whole check, token included
      (it has cookies, so it has the CSRF cookie too).
    - The Origin header. Our form only ever posts to itself, so a browser
      naming another site as the origin is a cross-site post, refused here as
      everywhere else on the site: it costs no customer anything and keeps
      other sites from spending their visitors' addresses on our rate limit.
      An absent Origin, or "null" (what privacy settings and some in-app
      browsers send), is accepted: an attacker can produce those too
      (a sandboxed frame), so refusing them would stop customers, not
      attackers. The Origin check is a courtesy, not the boundary; the
      token is the boundary.
    The Referer is not consulted: browsers that send no Origin on a POST
    are more than a decade old, and Referer is stripped more often still.
    """

    # The stubs leave out the parent's _origin_verified, _reject and _accept.
    def process_view(
        self,
        request: HttpRequest,
        callback: Callable[..., HttpResponseBase],
        callback_args: tuple[Any, ...],
        callback_kwargs: dict[str, Any],
    ) -> HttpResponseForbidden | None:
        if request.user.is_authenticated:
            return super().process_view(request, callback, callback_args, callback_kwargs)
        origin = request.META.get("HTTP_ORIGIN")
        if request.method == "POST" and origin not in (None, "null") and not self._origin_verified(request):  # type: ignore[attr-defined]
            return self._reject(request, REASON_BAD_ORIGIN % origin)  # type: ignore[attr-defined, no-any-return]
        return self._accept(request)  # type: ignore[attr-defined, no-any-return]


# The site-wide middleware is told to leave these views alone (csrf_exempt);
# this decorator applies the check above in its place.
link_csrf_protect = decorator_from_middleware(LinkCsrfMiddleware)


def _get_invitation(token: str) -> SurveyInvitation | None:
    """The invitation behind a customer's token, or None; a malformed token costs no query.

    Kiosk invitations are answered on the staff device only; their token is
    never shown, so it never opens the public page either.
    """
    if not is_well_formed_token(token):
        return None
    return (
        SurveyInvitation.objects.select_related(
            "contact__contact_point", "contact__representative", "contact__customer", "contact__rating"
        )
        .exclude(method=InvitationMethod.KIOSK)
        .filter(token=token)
        .first()
    )


def _is_answered(invitation: SurveyInvitation) -> bool:
    # A kiosk or staff rating of the same contact answers the link too.
    return invitation.is_answered or invitation.contact.has_rating


def _about_contact(invitation: SurveyInvitation) -> dict[str, object]:
    """What the customer may see: the contact they had, nothing else."""
    contact = invitation.contact
    return {
        "contact_point_name": contact.contact_point.name,
        "occurred_at": timezone.localtime(contact.occurred_at),
        "representative_first_name": contact.representative.first_name_for_customers,
    }


def _customer_page(
    request: HttpRequest,
    template: str,
    invitation: SurveyInvitation,
    language: CustomerPageLanguage,
    context: dict[str, object] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """A page about the customer's contact, with the switch to the other languages."""
    return render(
        request, template, {**_about_contact(invitation), "language": language, **(context or {})}, status=status
    )


def _unknown(request: HttpRequest) -> HttpResponse:
    language = page_language(request)
    with translation.override(language):
        return in_language(language, render(request, "surveys/public/unknown.html", status=404))


def _add_service_errors(form: SurveyResponseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.error_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


@csrf_exempt
@never_cache
@rate_limited("survey")
@link_csrf_protect
@require_http_methods(["GET", "POST"])
def survey_respond(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _get_invitation(token)
    if invitation is None:
        return _unknown(request)
    language = customer_page_language(request, invitation.contact.customer)
    with translation.override(language.code):
        return in_language(language.code, _respond(request, invitation, language))


def _respond(request: HttpRequest, invitation: SurveyInvitation, language: CustomerPageLanguage) -> HttpResponse:
    if _is_answered(invitation):
        status = 409 if request.method == "POST" else 200
        return _customer_page(request, "surveys/public/already_rated.html", invitation, language, status=status)
    if invitation.is_expired():
        return _customer_page(request, "surveys/public/expired.html", invitation, language, status=410)

    form = SurveyResponseForm(
        request.POST if request.method == "POST" else None,
        asks_effort=invitation.contact.contact_point.asks_effort,
        organisation_name=settings.ORGANISATION_NAME,
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                invitation_answer(
                    invitation=invitation,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                    effort_score=form.cleaned_data.get("effort_score"),
                    # A staff login answering a customer's link is allowed
                    # (a shared counter PC) but managers must be able to tell who.
                    submitted_by=request.user if request.user.is_authenticated else None,
                    # Picked on the page: the customer's language from now on.
                    language=language.code if language.chosen else None,
                )
            except RatingAlreadyGiven:
                return _customer_page(request, "surveys/public/already_rated.html", invitation, language, status=409)
            except InvitationExpired:
                return _customer_page(request, "surveys/public/expired.html", invitation, language, status=410)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                return redirect(reverse("survey_thanks", args=[invitation.token]) + language.query())
        status = 400
    else:
        invitation_mark_opened(invitation=invitation)
        status = 200
    context = {"form": form, "form_action": request.path}
    return _customer_page(request, "surveys/public/respond.html", invitation, language, context, status=status)


@never_cache
@rate_limited("survey")
@require_GET
def survey_thanks(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _get_invitation(token)
    if invitation is None:
        return _unknown(request)
    language = customer_page_language(request, invitation.contact.customer)
    if not _is_answered(invitation):
        return redirect(reverse("survey_respond", args=[invitation.token]) + language.query())
    with translation.override(language.code):
        return in_language(language.code, _customer_page(request, "surveys/public/thanks.html", invitation, language))
