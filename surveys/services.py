"""Writes about survey invitations: creating, sending, opening, answering, correcting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateTimeField, OuterRef, Subquery, Value
from django.db.models.expressions import BaseExpression
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from audit.services import audit_record_update
from moments.models import Contact, Customer, Rating
from moments.rollup import invitation_counts, rollup_invitation_changed, rollup_rating_rescored
from moments.scale import effort_score_check, score_check
from moments.services import RatingAlreadyGiven, rating_record
from surveys.models import CHOOSE_A_METHOD, InvitationMethod, RatingCorrection, SurveyInvitation, new_token

# A hand-over happens while the customer is still standing there; a kiosk
# page left open longer than this is not the customer's answer any more.
KIOSK_LIFETIME = timedelta(hours=2)
# What the invitation remembers of a failed send: enough to diagnose, bounded.
MAX_ERROR_LENGTH = 500
NOTHING_WOULD_CHANGE = gettext_lazy("Nothing would change; a correction must change the score, comment or effort.")


class InvitationExpired(Exception):
    """The link's lifetime is over; it can no longer be answered."""


class InvitationNotPossible(Exception):
    """This contact cannot get an invitation (already rated, already invited, no e-mail)."""


@dataclass(frozen=True)
class InvitationRequest:
    """What the logging form's request came to: an invitation, or why there is none."""

    invitation: SurveyInvitation | None
    asked_at: datetime | None = None


def customers_recently_asked(*, customer_ids: Iterable[int], now: datetime | None = None) -> dict[int, datetime]:
    """When each customer was last invited, for those invited within the fatigue window; one query.

    An invitation whose e-mail never went out did not ask the customer
    anything, so it does not count.
    """
    if settings.SURVEY_FATIGUE_DAYS == 0:
        return {}
    rows = (
        Customer.objects.filter(pk__in=list(customer_ids))
        .annotate(asked_at=customer_last_asked(now=now))
        .filter(asked_at__isnull=False)
        .values_list("pk", "asked_at")
    )
    return dict(rows)


def customer_last_asked(*, now: datetime | None = None) -> BaseExpression:
    """For an annotation over customers: when each was last invited within the fatigue window, else NULL.

    The rule of customers_recently_asked, for lists that read it in the query fetching the customers.
    """
    if settings.SURVEY_FATIGUE_DAYS == 0:
        return Value(None, output_field=DateTimeField())
    since = (now or timezone.now()) - timedelta(days=settings.SURVEY_FATIGUE_DAYS)
    latest = (
        SurveyInvitation.objects.filter(
            contact__customer_id=OuterRef("pk"), created_at__gte=since, send_failed_at__isnull=True
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return Subquery(latest, output_field=DateTimeField())


def customer_recently_asked_at(*, customer_id: int, now: datetime | None = None) -> datetime | None:
    """When this customer was last invited, if within the fatigue window (None otherwise)."""
    return customers_recently_asked(customer_ids=[customer_id], now=now).get(customer_id)


def _lifetime(method: str) -> timedelta:
    if method == InvitationMethod.KIOSK:
        return KIOSK_LIFETIME
    return timedelta(days=settings.SURVEY_LINK_LIFETIME_DAYS)


def rollup_counts(invitation: SurveyInvitation) -> dict[str, int]:
    """The invitation's share of the dashboards' daily rollup, reported on every change (moments.rollup)."""
    return invitation_counts(sent=invitation.sent_at is not None, answered=invitation.answered_at is not None)


@transaction.atomic
def invitation_create(*, contact: Contact, method: str, created_by: User | None, base_url: str) -> SurveyInvitation:
    """Invite the customer to rate `contact`, and deliver the invitation.

    A link or a kiosk hand-over reaches the customer at once (it is on the
    screen in front of them), so it counts as sent now; an e-mail counts as
    sent when the mailer has taken it, which the send task records.
    """
    if method not in InvitationMethod.values:
        raise ValidationError({"method": CHOOSE_A_METHOD})
    if contact.has_rating:
        raise InvitationNotPossible(gettext("This contact is rated already."))
    if SurveyInvitation.objects.filter(contact=contact).exists():
        raise InvitationNotPossible(gettext("This contact has an invitation already; make a new link instead."))
    if method == InvitationMethod.EMAIL and not contact.customer.email:
        raise InvitationNotPossible(gettext("The customer has no e-mail address."))
    now = timezone.now()
    invitation = SurveyInvitation.objects.create(
        contact=contact,
        method=method,
        created_by=created_by,
        created_at=now,
        expires_at=now + _lifetime(method),
        sent_at=None if method == InvitationMethod.EMAIL else now,
    )
    rollup_invitation_changed(contact, after=rollup_counts(invitation))
    if method == InvitationMethod.EMAIL:
        _enqueue_email(invitation, base_url=base_url)
    return invitation


@transaction.atomic
def invitation_request(
    *, contact: Contact, method: str, requested_by: User | None, base_url: str, now: datetime | None = None
) -> InvitationRequest:
    """The logging form's way in: invite, unless the customer was asked too recently."""
    asked_at = customer_recently_asked_at(customer_id=contact.customer_id, now=now)
    if asked_at is not None:
        return InvitationRequest(invitation=None, asked_at=asked_at)
    invitation = invitation_create(contact=contact, method=method, created_by=requested_by, base_url=base_url)
    return InvitationRequest(invitation=invitation)


@transaction.atomic
def invitation_renew(*, invitation: SurveyInvitation, base_url: str, method: str | None = None) -> SurveyInvitation:
    """A new link for an unanswered invitation (lost, expired, or to switch method).

    The old token stops working at once: a link that was forwarded or
    photographed must not outlive its replacement.
    """
    invitation = SurveyInvitation.objects.select_for_update().select_related("contact__customer").get(pk=invitation.pk)
    if invitation.is_answered or invitation.contact.has_rating:
        raise InvitationNotPossible(gettext("This contact is rated already."))
    method = method or invitation.method
    if method not in InvitationMethod.values:
        raise ValidationError({"method": CHOOSE_A_METHOD})
    if method == InvitationMethod.EMAIL and not invitation.contact.customer.email:
        raise InvitationNotPossible(gettext("The customer has no e-mail address."))
    counted = rollup_counts(invitation)
    now = timezone.now()
    invitation.token = new_token()
    invitation.method = method
    invitation.created_at = now
    invitation.expires_at = now + _lifetime(method)
    invitation.sent_at = None if method == InvitationMethod.EMAIL else now
    invitation.sent_to = ""
    invitation.first_opened_at = None
    invitation.reminder_sent_at = None
    invitation.send_attempts = 0
    invitation.last_error = ""
    invitation.send_failed_at = None
    invitation.save()
    rollup_invitation_changed(invitation.contact, before=counted, after=rollup_counts(invitation))
    if method == InvitationMethod.EMAIL:
        _enqueue_email(invitation, base_url=base_url)
    return invitation


def _enqueue_email(invitation: SurveyInvitation, *, base_url: str) -> None:
    # Only once the invitation is committed: a worker picking the task up
    # earlier would not find it, and a rolled-back contact must send nothing.
    from surveys.tasks import invitation_email_send

    invitation_id = invitation.pk
    transaction.on_commit(lambda: invitation_email_send.enqueue(invitation_id=invitation_id, base_url=base_url))


def invitation_mark_opened(*, invitation: SurveyInvitation) -> None:
    """Record the first opening only; one UPDATE, so two tabs opening at once cannot both win."""
    if invitation.first_opened_at is None:
        now = timezone.now()
        updated = SurveyInvitation.objects.filter(pk=invitation.pk, first_opened_at__isnull=True).update(
            first_opened_at=now
        )
        if updated:
            invitation.first_opened_at = now


@transaction.atomic
def invitation_answer(
    *,
    invitation: SurveyInvitation,
    score: int,
    comment: str = "",
    effort_score: int | None = None,
    submitted_by: User | None = None,
    language: str | None = None,
) -> Rating:
    """The customer's answer to their link: the one rating of the contact.

    `submitted_by` is the user logged in on the browser that sent it, if any
    (a shared counter PC); the rating is then flagged for managers.
    `language` is one the customer picked on the page: they are asked in it
    from now on, which is saved with the rating or not at all.

    Rows are locked before anything is checked, so of two submissions
    racing for the same link one waits for the other and then finds it
    answered. The contact is locked first and the invitation second, the
    same order as a kiosk answer (rating_record, then the invitation): in the
    opposite order a link and a kiosk answering at once deadlock.
    """
    Contact.objects.select_for_update().filter(pk=invitation.contact_id).exists()
    locked = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.answered_at is not None:
        raise RatingAlreadyGiven(locked.contact_id)
    if locked.is_expired():
        raise InvitationExpired(locked.pk)
    rating = rating_record(
        contact=locked.contact,
        score=score,
        comment=comment,
        effort_score=effort_score,
        source=Rating.Source.LINK,
        submitted_by=submitted_by,
    )
    counted = rollup_counts(locked)
    locked.answered_at = rating.submitted_at
    locked.save(update_fields=["answered_at"])
    rollup_invitation_changed(locked.contact, before=counted, after=rollup_counts(locked))
    invitation.answered_at = locked.answered_at
    if language:
        customer_language_remember(customer_id=locked.contact.customer_id, language=language)
    return rating


@transaction.atomic
def kiosk_answer(
    *,
    contact: Contact,
    submitted_by: User,
    score: int,
    comment: str = "",
    effort_score: int | None = None,
    language: str | None = None,
) -> Rating:
    """The customer's answer on the staff device; it closes any open link for the contact too.

    The device is logged in, and whoever's session it is answers for what
    was sent: a manager handing over their own device for a subordinate's
    contact is recorded as such, and shown to managers. A `language` the
    customer picked on the device is remembered as on their link.
    """
    rating = rating_record(
        contact=contact,
        score=score,
        comment=comment,
        effort_score=effort_score,
        source=Rating.Source.KIOSK,
        submitted_by=submitted_by,
    )
    for invitation in SurveyInvitation.objects.select_for_update().filter(contact=contact, answered_at__isnull=True):
        counted = rollup_counts(invitation)
        invitation.answered_at = rating.submitted_at
        invitation.save(update_fields=["answered_at"])
        rollup_invitation_changed(contact, before=counted, after=rollup_counts(invitation))
    if language:
        customer_language_remember(customer_id=contact.customer_id, language=language)
    return rating


def customer_language_remember(*, customer_id: int, language: str) -> None:
    """The language the customer picked for their answer, to ask them in next time; part of the caller's transaction."""
    Customer.objects.filter(pk=customer_id).exclude(language=language).update(language=language)


@transaction.atomic
def rating_correct(
    *,
    rating: Rating,
    corrected_by: User,
    reason: str,
    score: int,
    comment: str,
    effort_score: int | None,
) -> RatingCorrection:
    """An admin's correction of a rating, recorded with who, when, why and the values before."""
    if not corrected_by.is_admin:
        raise PermissionError(gettext("Only admins may correct a rating."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": gettext("Say why the rating is corrected; the record keeps it.")})
    score_check(score, field="new_score")
    effort_score_check(effort_score, field="new_effort_score")
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    comment = comment.strip()
    if (score, comment, effort_score) == (rating.score, rating.comment, rating.effort_score):
        raise ValidationError(NOTHING_WOULD_CHANGE)
    correction = RatingCorrection.objects.create(
        rating=rating,
        corrected_by=corrected_by,
        reason=reason,
        old_score=rating.score,
        new_score=score,
        old_comment=rating.comment,
        new_comment=comment,
        old_effort_score=rating.effort_score,
        new_effort_score=effort_score,
    )
    # A queryset update: the Rating model offers no way to edit it, on purpose.
    Rating.objects.filter(pk=rating.pk).update(score=score, comment=comment, effort_score=effort_score)
    rollup_rating_rescored(rating.contact, rating.score, score)
    # The update sends no signal, so the audit trail is told here; it shows
    # the change on the rating's and the contact's history.
    before = {"score": rating.score, "comment": rating.comment, "effort_score": rating.effort_score}
    rating.score, rating.comment, rating.effort_score = score, comment, effort_score
    audit_record_update(
        instance=rating,
        changes={name: (old, getattr(rating, name)) for name, old in before.items()},
        actor=corrected_by,
        reason=reason,
        part_of=rating.contact,
    )
    return correction


@transaction.atomic
def record_send_success(*, invitation_id: int, sent_to: str, attempts: int) -> None:
    invitation = SurveyInvitation.objects.select_for_update().select_related("contact").filter(pk=invitation_id).first()
    if invitation is None:
        return
    counted = rollup_counts(invitation)
    invitation.sent_at = timezone.now()
    SurveyInvitation.objects.filter(pk=invitation_id).update(
        sent_at=invitation.sent_at, sent_to=sent_to, send_attempts=attempts, last_error="", send_failed_at=None
    )
    rollup_invitation_changed(invitation.contact, before=counted, after=rollup_counts(invitation))


def record_send_failure(*, invitation_id: int, error: BaseException, attempts: int, final: bool) -> None:
    """Keep the failure on the invitation, where staff see it, not only in a log."""
    message = f"{type(error).__name__}: {error}"[:MAX_ERROR_LENGTH]
    SurveyInvitation.objects.filter(pk=invitation_id).update(
        send_attempts=attempts, last_error=message, send_failed_at=timezone.now() if final else None
    )
