from __future__ import annotations

import pytest

from accounts.models import User
from moments.models import Contact, ContactPoint
from surveys.models import SurveyInvitation
from tests.factories import ContactFactory, CustomerFactory, SurveyInvitationFactory


@pytest.fixture
def contact_a(staff_a: User, contact_point: ContactPoint) -> Contact:
    """staff_a's contact with Maria, who has an e-mail address."""
    customer = CustomerFactory(name="Maria Moreno", email="maria@example.org")
    return ContactFactory(representative=staff_a, contact_point=contact_point, customer=customer)


@pytest.fixture
def invitation(contact_a: Contact) -> SurveyInvitation:
    return SurveyInvitationFactory(contact=contact_a)


def survey_url(invitation: SurveyInvitation) -> str:
    return f"/r/{invitation.token}/"
