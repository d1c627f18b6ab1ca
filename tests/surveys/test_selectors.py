"""Response rates (invitations sent vs answered), checked against figures worked out by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from surveys.selectors import (
    response_rate_by_channel,
    response_rate_by_contact_point,
    response_rate_by_representative,
)
from tests.factories import ChannelFactory, ContactFactory, ContactPointFactory, SurveyInvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitations(staff_a, staff_b, staff_other, contact_point, department_a):
    """
    Support hotline (Phone call): Ana 3 sent, 2 answered; Bruno 1 sent, 0 answered.
    Shop counter (Visit):         Ana 1 sent, 1 answered; Olga 2 sent, 1 answered;
                                  Bruno 1 e-mail never sent (not counted).
    """
    counter = ContactPointFactory(name="Shop counter", channel=ChannelFactory(name="Visit"), department=department_a)
    now = timezone.now()

    def invite(rep, point, *, answered=False, sent=True):
        SurveyInvitationFactory(
            contact=ContactFactory(representative=rep, contact_point=point),
            method="link" if sent else "email",
            answered_at=now if answered else None,
        )

    invite(staff_a, contact_point, answered=True)
    invite(staff_a, contact_point, answered=True)
    invite(staff_a, contact_point)
    invite(staff_b, contact_point)
    invite(staff_a, counter, answered=True)
    invite(staff_other, counter, answered=True)
    invite(staff_other, counter)
    invite(staff_b, counter, sent=False)
    return counter


def _by_name(rows):
    return {row["name"]: (row["sent"], row["answered"], row["response_rate"]) for row in rows}


def test_response_rate_per_contact_point(admin, invitations):
    rows = _by_name(response_rate_by_contact_point(viewer=admin))

    assert rows["Support hotline"] == (4, 2, 50.0)
    assert rows["Shop counter"][:2] == (3, 2)
    assert rows["Shop counter"][2] == pytest.approx(200 / 3)


def test_response_rate_per_channel(admin, invitations):
    rows = _by_name(response_rate_by_channel(viewer=admin))

    assert rows == {"Phone call": (4, 2, 50.0), "Visit": (3, 2, pytest.approx(66.6667, rel=1e-4))}


def test_response_rate_per_representative(admin, invitations):
    rows = _by_name(response_rate_by_representative(viewer=admin))

    assert rows == {"Ana Alves": (4, 3, 75.0), "Bruno Bento": (1, 0, 0.0), "Olga Ortiz": (2, 1, 50.0)}


def test_rows_carry_their_ids(admin, invitations, contact_point, staff_a):
    by_point = {row["contact_point_id"]: row["sent"] for row in response_rate_by_contact_point(viewer=admin)}
    by_rep = {row["representative_id"]: row["sent"] for row in response_rate_by_representative(viewer=admin)}

    assert by_point[contact_point.pk] == 4 and by_point[invitations.pk] == 3
    assert by_rep[staff_a.pk] == 4


def test_a_manager_sees_only_their_departments_figures(manager_a, invitations):
    rows = _by_name(response_rate_by_contact_point(viewer=manager_a))

    assert rows == {"Support hotline": (4, 2, 50.0), "Shop counter": (1, 1, 100.0)}


def test_staff_see_only_their_own(staff_a, invitations):
    rows = _by_name(response_rate_by_representative(viewer=staff_a))

    assert rows == {"Ana Alves": (4, 3, 75.0)}


def test_the_period_is_the_contacts_date(admin, staff_a, contact_point, invitations):
    old = ContactFactory(
        representative=staff_a, contact_point=contact_point, occurred_at=timezone.now() - timedelta(days=40)
    )
    SurveyInvitationFactory(contact=old)
    since = timezone.now() - timedelta(days=30)

    assert _by_name(response_rate_by_contact_point(viewer=admin))["Support hotline"][0] == 5
    assert _by_name(response_rate_by_contact_point(viewer=admin, since=since))["Support hotline"][0] == 4
    assert _by_name(response_rate_by_contact_point(viewer=admin, until=since)) == {"Support hotline": (1, 0, 0.0)}


def test_each_figure_is_one_query(admin, manager_a, invitations, django_assert_num_queries):
    manager_a.managed_department_ids()  # cached per request in real use
    for selector in (response_rate_by_contact_point, response_rate_by_channel, response_rate_by_representative):
        for viewer in (admin, manager_a):
            with django_assert_num_queries(1):
                selector(viewer=viewer)


def test_nothing_sent_gives_no_rows(admin, db):
    assert response_rate_by_contact_point(viewer=admin) == []
