from __future__ import annotations

import re
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from moments.models import Contact, Rating, RatingMethod
from moments.scale import MAX_EFFORT_SCORE, MAX_SCORE, MIN_EFFORT_SCORE, MIN_SCORE

# secrets.token_urlsafe(32): 32 random bytes = 256 bits, well over the 128 the
# product asks for, written as 43 URL-safe characters.
TOKEN_BYTES = 32
TOKEN_LENGTH = 43
TOKEN_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_well_formed_token(token: str) -> bool:
    """A cheap check before any query, so garbage in the URL never reaches the database."""
    return TOKEN_PATTERN.fullmatch(token) is not None


class InvitationMethod(models.TextChoices):
    """The ways of inviting; the other RatingMethods (staff, none) need no invitation."""

    LINK = RatingMethod.LINK.value, _("Link and QR code")
    EMAIL = RatingMethod.EMAIL.value, _("E-mail")
    KIOSK = RatingMethod.KIOSK.value, _("Kiosk (hand-over on the staff device)")


# What staff read when the way of asking is missing or unknown (the form's and the services' refusal).
CHOOSE_A_METHOD = _("Choose a link, an e-mail or a kiosk hand-over.")


class InvitationState(models.TextChoices):
    NEW = "new", _("Not sent yet")
    SENDING_FAILED = "failed", _("Sending failed")
    SENT = "sent", _("Sent")
    OPENED = "opened", _("Opened")
    ANSWERED = "answered", _("Answered")
    EXPIRED = "expired", _("Expired")


class SurveyInvitationQuerySet(models.QuerySet["SurveyInvitation"]):
    def sent(self) -> SurveyInvitationQuerySet:
        return self.filter(sent_at__isnull=False)

    def answered(self) -> SurveyInvitationQuerySet:
        return self.filter(answered_at__isnull=False)


class SurveyInvitation(models.Model):
    """The customer's personal, single-use, expiring invitation to rate one contact.

    The token is stored as it is, not hashed: staff must be able to show the
    same link and QR code again from the contact's page while it is valid.
    It carries 256 random bits, so it cannot be guessed, and it is looked up
    by an exact, indexed match, never compared character by character in
    Python.
    """

    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, related_name="survey_invitation", verbose_name=_("contact")
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    method = models.CharField(_("way of asking"), max_length=10, choices=InvitationMethod.choices)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(
        _("sent at"), null=True, blank=True, help_text=_("Shown to, or e-mailed to, the customer.")
    )
    sent_to = models.EmailField(_("sent to"), blank=True, help_text=_("The address the e-mail went to."))
    first_opened_at = models.DateTimeField(_("first opened at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(_("attempts to send"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    send_failed_at = models.DateTimeField(
        _("sending failed at"),
        null=True,
        blank=True,
        help_text=_("Every attempt to send the e-mail failed; the customer was not asked."),
    )

    objects = SurveyInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")), name="invitation_expires_later"),
        ]
        indexes = [
            # Response rates: invitations sent in a period.
            models.Index(fields=["sent_at"], name="invitation_sent_idx"),
        ]

    def __str__(self) -> str:
        return gettext("Invitation (%(method)s) for contact %(contact)s") % {
            "method": self.get_method_display(),
            "contact": self.contact_id,
        }

    def get_public_path(self) -> str:
        return reverse("survey_respond", args=[self.token])

    def public_url(self, base_url: str) -> str:
        """The customer's link; SITE_URL wins over the host the request came in on."""
        return (settings.SITE_URL or base_url.rstrip("/")) + self.get_public_path()

    def is_expired(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.expires_at

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def state(self) -> str:
        if self.answered_at:
            return InvitationState.ANSWERED
        if self.is_expired():
            return InvitationState.EXPIRED
        if self.first_opened_at:
            return InvitationState.OPENED
        if self.sent_at:
            return InvitationState.SENT
        if self.send_failed_at:
            return InvitationState.SENDING_FAILED
        return InvitationState.NEW

    def get_state_display(self) -> str:
        return str(InvitationState(self.state).label)


class RatingCorrection(models.Model):
    """An admin's correction of a rating: who, when, why, and what it was before.

    Ratings are evidence of what the customer said, so nobody edits them in
    place; when one must change (the customer phoned: they tapped 1 meaning 5;
    a comment holds someone's card number) the change is recorded here.
    """

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("rating"))
    corrected_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("corrected by"))
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)
    reason = models.TextField(_("reason"), max_length=1000)
    old_score = models.PositiveSmallIntegerField(_("old score"))
    new_score = models.PositiveSmallIntegerField(_("new score"))
    old_comment = models.TextField(_("old comment"), blank=True)
    new_comment = models.TextField(_("new comment"), blank=True)
    old_effort_score = models.PositiveSmallIntegerField(_("old effort score"), null=True, blank=True)
    new_effort_score = models.PositiveSmallIntegerField(_("new effort score"), null=True, blank=True)

    class Meta:
        ordering = ["-corrected_at"]
        verbose_name = _("rating correction")
        verbose_name_plural = _("rating corrections")
        constraints = [
            models.CheckConstraint(
                condition=Q(new_score__gte=MIN_SCORE) & Q(new_score__lte=MAX_SCORE),
                name="correction_score_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(new_effort_score__isnull=True)
                | (Q(new_effort_score__gte=MIN_EFFORT_SCORE) & Q(new_effort_score__lte=MAX_EFFORT_SCORE)),
                name="correction_effort_1_to_7",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Correction of rating %(rating)s by %(user)s") % {
            "rating": self.rating_id,
            "user": self.corrected_by,
        }
