"""What surveys offers the logging form (see moments.rating_requests), registered in SurveysConfig.ready."""

from __future__ import annotations

from datetime import datetime

from accounts.models import User
from moments.models import Contact
from moments.rating_requests import RatingRequestOutcome
from surveys.models import InvitationMethod
from surveys.services import customer_recently_asked_at, fatigue_note, invitation_request
from surveys.views.staff import created_message, next_page


class SurveyRatingRequests:
    def recently_asked_at(self, customer_id: int) -> datetime | None:
        return customer_recently_asked_at(customer_id=customer_id)

    def request_rating(
        self, *, contact: Contact, method: str, requested_by: User, base_url: str
    ) -> RatingRequestOutcome:
        result = invitation_request(contact=contact, method=method, requested_by=requested_by, base_url=base_url)
        if result.invitation is None:
            assert result.asked_at is not None
            note = fatigue_note(customer_name=contact.customer.name, asked_at=result.asked_at, done=True)
            return RatingRequestOutcome(next_url=None, message=note, invited=False)
        invitation = result.invitation
        # After an e-mail the staff member goes straight on logging; a link or
        # a hand-over needs the next screen in front of the customer.
        next_url = None if invitation.method == InvitationMethod.EMAIL else next_page(invitation)
        return RatingRequestOutcome(next_url=next_url, message=created_message(invitation), invited=True)
