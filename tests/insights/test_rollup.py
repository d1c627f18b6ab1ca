"""The daily rollup always equals the aggregates of the contacts it summarises.

It lives in moments (next to the writes); the dashboards are its reason to be.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moments.models import Contact, ContactDayRollup, Customer, Rating
from moments.rollup import (
    COUNT_FIELDS,
    KEY_FIELDS,
    contact_rollup_rows,
    rollup_contact_logged,
    rollup_day,
    rollup_rebuild,
)
from moments.services import (
    RatingAlreadyGiven,
    contact_admin_update,
    contact_correct,
    contact_delete,
    contact_log,
    rating_record,
)
from surveys.models import SurveyInvitation
from surveys.services import (
    InvitationNotPossible,
    invitation_answer,
    invitation_create,
    invitation_renew,
    kiosk_answer,
    rating_correct,
    record_send_success,
)
from tests.factories import (
    AdminFactory,
    ChannelFactory,
    ContactFactory,
    ContactPointFactory,
    CustomerFactory,
    DepartmentFactory,
    RatingFactory,
    UserFactory,
)
from tests.hypothesis_settings import SUITE_SUPPRESSED

# Both daylight-saving changes of Europe/Madrid in 2026 (last Sundays of March
# and October, at 01:00 UTC): contacts around midnight and the change itself
# land on the right local day only if the day is computed in TIME_ZONE.
DST_STARTS = datetime(2026, 3, 28, 20, 0, tzinfo=UTC)
DST_ENDS = datetime(2026, 10, 24, 20, 0, tzinfo=UTC)
OUTCOMES = [outcome.value for outcome in Contact.Outcome]

moments_strategy = st.builds(
    lambda base, minutes: base + timedelta(minutes=minutes),
    st.sampled_from([DST_STARTS, DST_ENDS]),
    st.integers(min_value=0, max_value=48 * 60),
)
log = st.tuples(
    st.just("log"),
    st.integers(0, 3),  # representative
    st.integers(0, 1),  # contact point
    st.integers(0, 1),  # customer
    moments_strategy,
    st.none() | st.integers(0, 300),
    st.sampled_from(OUTCOMES),
    st.none() | st.integers(1, 5),
)
rate = st.tuples(st.just("rate"), st.integers(0, 50), st.integers(1, 5))
correct = st.tuples(st.just("correct"), st.integers(0, 50), st.sampled_from(OUTCOMES))
delete = st.tuples(st.just("delete"), st.integers(0, 50))
move = st.tuples(st.just("move"), st.integers(0, 50), moments_strategy, st.integers(0, 3))
rescore = st.tuples(st.just("rescore"), st.integers(0, 50), st.integers(1, 5))
invite = st.tuples(st.just("invite"), st.integers(0, 50), st.sampled_from(["link", "email", "kiosk"]))
deliver = st.tuples(st.just("deliver"), st.integers(0, 50))
answer = st.tuples(st.just("answer"), st.integers(0, 50), st.integers(1, 5))
kiosk = st.tuples(st.just("kiosk"), st.integers(0, 50), st.integers(1, 5))
renew = st.tuples(st.just("renew"), st.integers(0, 50), st.sampled_from(["link", "email"]))
operations = st.lists(
    st.one_of(log, log, rate, correct, delete, move, rescore, invite, invite, deliver, answer, kiosk, renew),
    min_size=1,
    max_size=25,
)


def stored_rollup() -> dict[tuple, dict[str, int]]:
    rows = ContactDayRollup.objects.values(*KEY_FIELDS, *COUNT_FIELDS)
    return {tuple(row[f] for f in KEY_FIELDS): {f: row[f] for f in COUNT_FIELDS} for row in rows}


def aggregated_from_contacts() -> dict[tuple, dict[str, int]]:
    rows = contact_rollup_rows(Contact.objects.all())
    return {tuple(row[f] for f in KEY_FIELDS): {f: row[f] for f in COUNT_FIELDS} for row in rows}


def counted_in_python() -> dict[tuple, dict[str, int]]:
    """The same counts by hand, one contact at a time: independent of the SQL above."""
    totals: dict[tuple, Counter] = {}
    for contact in Contact.objects.select_related("rating"):
        key = (
            rollup_day(contact.occurred_at),
            contact.contact_point_id,
            contact.channel_id,
            contact.department_id,
            contact.representative_id,
            contact.customer_kind,
        )
        counts = totals.setdefault(key, Counter(dict.fromkeys(COUNT_FIELDS, 0)))
        counts["contacts"] += 1
        counts[f"outcome_{contact.outcome}"] += 1
        if contact.duration_minutes is not None:
            counts["timed_contacts"] += 1
            counts["duration_minutes_total"] += contact.duration_minutes
        if contact.has_rating:
            counts[f"score_{contact.rating.score}"] += 1
        invitation = SurveyInvitation.objects.filter(contact=contact).first()
        if invitation is not None and invitation.sent_at is not None:
            counts["invitations_sent"] += 1
            counts["invitations_answered"] += invitation.answered_at is not None
    return {key: dict(counts) for key, counts in totals.items()}


@pytest.fixture
def cast(db):
    department_a, department_b = DepartmentFactory(name="Rollup A"), DepartmentFactory(name="Rollup B")
    representatives = [
        UserFactory(username="rollup-1", department=department_a),
        UserFactory(username="rollup-2", department=department_a),
        UserFactory(username="rollup-3", department=department_b),
        # Someone with no department: logging refuses them.
        UserFactory(username="rollup-4", department=None),
    ]
    points = [
        ContactPointFactory(channel=ChannelFactory(name="Rollup phone"), department=department_a),
        ContactPointFactory(channel=ChannelFactory(name="Rollup visit"), department=department_b),
    ]
    customers = [
        CustomerFactory(kind=Customer.Kind.CURRENT),
        CustomerFactory(kind=Customer.Kind.PROSPECT),
    ]
    return representatives, points, customers, AdminFactory(username="rollup-admin")


def run(operation: tuple, cast: tuple) -> None:
    representatives, points, customers, admin = cast
    contacts = list(Contact.objects.select_related("rating").order_by("id"))
    kind, *args = operation
    if kind == "log":
        rep, point, customer, occurred_at, duration, outcome, score = args
        if representatives[rep].department_id is None:
            # The service refuses someone with no department; nothing may be counted.
            with pytest.raises(ValidationError):
                contact_log(
                    logged_by=representatives[rep],
                    contact_point=points[point],
                    customer=customers[customer],
                    occurred_at=occurred_at,
                    outcome=outcome,
                )
            return
        contact_log(
            logged_by=representatives[rep],
            contact_point=points[point],
            customer=customers[customer],
            occurred_at=occurred_at,
            duration_minutes=duration,
            outcome=outcome,
            score=score,
        )
        return
    if not contacts:
        return
    contact = contacts[args[0] % len(contacts)]
    if kind == "rate" and not contact.has_rating:
        rating_record(contact=contact, score=args[1], source=Rating.Source.LINK)
    elif kind == "correct":
        contact_correct(
            contact=contact, corrected_by=contact.representative, outcome=args[1], notes="Corrected in the test"
        )
    elif kind == "delete":
        contact_delete(contact=contact)
    elif kind == "rescore" and contact.has_rating and contact.rating.score != args[1]:
        rating_correct(
            rating=contact.rating,
            corrected_by=admin,
            reason="The customer meant another score.",
            score=args[1],
            comment=contact.rating.comment,
            effort_score=contact.rating.effort_score,
        )
    elif kind == "invite":
        with contextlib.suppress(InvitationNotPossible):
            invitation_create(contact=contact, method=args[1], created_by=None, base_url="http://testserver")
    elif kind == "deliver":
        invitation = SurveyInvitation.objects.filter(contact=contact, sent_at__isnull=True).first()
        if invitation is not None:
            record_send_success(invitation_id=invitation.pk, sent_to="customer@example.org", attempts=1)
    elif kind == "answer":
        invitation = SurveyInvitation.objects.filter(contact=contact).first()
        if invitation is not None:
            with contextlib.suppress(RatingAlreadyGiven):
                invitation_answer(invitation=invitation, score=args[1])
    elif kind == "kiosk" and not contact.has_rating:
        kiosk_answer(contact=contact, submitted_by=contact.representative, score=args[1])
    elif kind == "renew":
        invitation = SurveyInvitation.objects.filter(contact=contact).first()
        if invitation is not None:
            with contextlib.suppress(InvitationNotPossible):
                invitation_renew(invitation=invitation, base_url="http://testserver", method=args[1])
    elif kind == "move":
        contact.occurred_at = args[1]
        contact.representative = representatives[args[2]]
        contact_admin_update(contact=contact)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, *SUITE_SUPPRESSED])
@given(operations=operations)
def test_rollup_equals_the_contacts_after_any_mix_of_writes(cast, operations):
    Contact.objects.all().delete()
    ContactDayRollup.objects.all().delete()
    for operation in operations:
        run(operation, cast)
    expected = counted_in_python()
    assert stored_rollup() == expected
    assert aggregated_from_contacts() == expected
    rollup_rebuild()
    assert stored_rollup() == expected


def test_a_contact_just_after_local_midnight_counts_on_its_local_day(cast):
    representatives, points, customers, _ = cast
    # 00:30 in Madrid on 29 March 2026 (still winter time, UTC+1) is 23:30 UTC on the 28th.
    contact = contact_log(
        logged_by=representatives[0],
        contact_point=points[0],
        customer=customers[0],
        occurred_at=datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
        outcome="resolved",
    )
    assert ContactDayRollup.objects.get().day.isoformat() == "2026-03-29"
    assert rollup_day(contact.occurred_at).isoformat() == "2026-03-29"


def test_the_last_contact_of_a_row_takes_the_row_with_it(cast):
    representatives, points, customers, _ = cast
    contact = contact_log(
        logged_by=representatives[0],
        contact_point=points[0],
        customer=customers[0],
        occurred_at=DST_ENDS,
        outcome="resolved",
        score=5,
    )
    contact_delete(contact=contact)
    assert not ContactDayRollup.objects.exists()
    assert not Contact.objects.exists()


def test_rebuild_command_fills_the_rollup_for_contacts_loaded_behind_the_services_back(cast, capsys):
    representatives, points, _, _ = cast
    RatingFactory(contact=ContactFactory(representative=representatives[0], contact_point=points[0]), score=2)
    ContactFactory(representative=representatives[2], contact_point=points[1], duration_minutes=None)
    assert not ContactDayRollup.objects.exists()
    call_command("rollup_rebuild")
    assert stored_rollup() == counted_in_python()
    assert "Daily rollup rebuilt: 2 rows" in capsys.readouterr().out


def test_a_removal_the_rollup_never_saw_does_not_break_the_write(cast, caplog):
    representatives, points, _, _ = cast
    contact = ContactFactory(representative=representatives[0], contact_point=points[0])
    contact_delete(contact=contact)
    assert not Contact.objects.exists()
    assert "rollup_rebuild" in caplog.text


def test_contacts_without_a_department_have_their_own_rows(cast):
    """Older records may lack the department snapshot; NULL must not merge or split their rows."""
    representatives, points, _, _ = cast
    first = ContactFactory(representative=representatives[3], contact_point=points[0], occurred_at=DST_STARTS)
    second = ContactFactory(representative=representatives[3], contact_point=points[0], occurred_at=DST_STARTS)
    rollup_contact_logged(first)
    rollup_contact_logged(second)
    assert ContactDayRollup.objects.get(department=None).contacts == 2
    contact_delete(contact=first)
    assert stored_rollup() == counted_in_python()


def test_invitations_follow_their_contact(cast):
    representatives, points, customers, _ = cast
    contact = contact_log(
        logged_by=representatives[0],
        contact_point=points[0],
        customer=customers[0],
        occurred_at=DST_ENDS,
        outcome="resolved",
    )
    invitation = invitation_create(contact=contact, method="link", created_by=None, base_url="http://testserver")
    row = ContactDayRollup.objects.get()
    assert (row.invitations_sent, row.invitations_answered) == (1, 0)
    invitation_answer(invitation=invitation, score=4)
    row.refresh_from_db()
    assert (row.invitations_sent, row.invitations_answered, row.score_4) == (1, 1, 1)
    contact.representative = representatives[1]
    contact_admin_update(contact=contact)
    moved = ContactDayRollup.objects.get(contacts=1)
    assert (moved.representative_id, moved.invitations_sent, moved.invitations_answered) == (
        representatives[1].pk,
        1,
        1,
    )
    contact_delete(contact=contact)
    assert not ContactDayRollup.objects.exists()


def test_response_rate_matches_the_surveys_own_figures(cast, admin):
    """The dashboards read the rollup; counted from the invitations themselves, they must say the same."""
    representatives, points, customers, _ = cast
    for index in range(6):
        contact = contact_log(
            logged_by=representatives[index % 3],
            contact_point=points[index % 2],
            customer=customers[index % 2],
            occurred_at=DST_STARTS,
            outcome="resolved",
        )
        invitation = invitation_create(contact=contact, method="link", created_by=None, base_url="http://testserver")
        if index % 3 == 0:
            invitation_answer(invitation=invitation, score=5)
    counted = (
        SurveyInvitation.objects.filter(sent_at__isnull=False)
        .values("contact__channel_id")
        .annotate(sent=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
    )
    from_surveys = {row["contact__channel_id"]: (row["sent"], row["answered"]) for row in counted}
    from_rollup = {}
    for row in ContactDayRollup.objects.values("channel_id", "invitations_sent", "invitations_answered"):
        sent, answered = from_rollup.get(row["channel_id"], (0, 0))
        from_rollup[row["channel_id"]] = (sent + row["invitations_sent"], answered + row["invitations_answered"])
    assert from_rollup == from_surveys
