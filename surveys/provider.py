"""What surveys offers the logging form (see moments.rating_requests), registered in SurveysConfig.ready."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.db.models.expressions import BaseExpression

from accounts.models import User
from moments.models import Contact
from moments.rating_requests import RatingRequestOutcome, fatigue_note
from surveys.models import InvitationMethod, SurveyInvitation
from surveys.services import (
    InvitationNotPossible,
    customer_last_asked,
    customers_recently_asked,
    invitation_request,
    rollup_counts,
)
from surveys.views.staff import created_message, next_page


class SurveyRatingRequests:
    def recently_asked(self, customer_ids: Iterable[int]) -> dict[int, datetime]:
        return customers_recently_asked(customer_ids=customer_ids)

    def last_asked(self) -> BaseExpression:
        return customer_last_asked()

    def request_rating(
        self, *, contact: Contact, method: str, requested_by: User, base_url: str
    ) -> RatingRequestOutcome:
        try:
            result = invitation_request(contact=contact, method=method, requested_by=requested_by, base_url=base_url)
        except InvitationNotPossible as error:
            # The logging view knows ValidationError (it rolls the contact back
            # and shows the message); it must not need to know surveys' errors.
            raise ValidationError({"rating_method": str(error)}) from error
        if result.invitation is None:
            assert result.asked_at is not None
            note = fatigue_note(customer_name=contact.customer.name, asked_at=result.asked_at, done=True)
            return RatingRequestOutcome(next_url=None, message=note, invited=False)
        invitation = result.invitation
        # After an e-mail the staff member goes straight on logging; a link or
        # a hand-over needs the next screen in front of the customer.
        next_url = None if invitation.method == InvitationMethod.EMAIL else next_page(invitation)
        return RatingRequestOutcome(next_url=next_url, message=created_message(invitation), invited=True)


class InvitationRollup:
    """The invitations' share of the dashboards' daily rollup (moments.rollup.RollupContribution)."""

    def aggregates(self) -> dict[str, Count]:
        sent = Q(survey_invitation__sent_at__isnull=False)
        return {
            "invitations_sent": Count("id", filter=sent),
            "invitations_answered": Count("id", filter=sent & Q(survey_invitation__answered_at__isnull=False)),
        }

    def counts_for(self, contact: Contact) -> dict[str, int]:
        invitation = SurveyInvitation.objects.filter(contact_id=contact.pk).first()
        return {} if invitation is None else rollup_counts(invitation)
