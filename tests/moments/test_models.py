from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from moments.models import Channel, Contact, ContactPoint, Rating
from tests.factories import ContactFactory, ContactPointFactory, CustomerFactory, RatingFactory


@pytest.mark.django_db
def test_channels_are_seeded_with_the_usual_ways_customers_meet_us():
    names = set(Channel.objects.values_list("name", flat=True))
    assert {"Phone call", "Visit", "Claim", "Technical request", "E-mail", "In-store"} <= names


def test_a_contact_has_at_most_one_rating(db):
    rating = RatingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(contact=rating.contact, score=3, source=Rating.Source.LINK)
    assert Rating.objects.filter(contact=rating.contact).count() == 1


@pytest.mark.parametrize("score", [0, 6, 100])
def test_the_database_refuses_a_score_outside_one_to_five(db, score):
    contact = ContactFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(contact=contact, score=score, source=Rating.Source.LINK)
    assert not Rating.objects.exists()


@pytest.mark.parametrize("effort", [0, 8])
def test_the_database_refuses_an_effort_score_outside_one_to_seven(db, effort):
    contact = ContactFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(contact=contact, score=3, effort_score=effort, source=Rating.Source.LINK)


def test_the_database_refuses_an_absurd_duration(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(duration_minutes=24 * 60 + 1)


def test_the_database_refuses_a_target_above_one_hundred_percent(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPointFactory(target_csat=101)


def test_contact_point_names_are_unique_per_department_ignoring_case(db, contact_point):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPointFactory(name=contact_point.name.upper(), department=contact_point.department)
    # The same name in another department is another contact point.
    assert ContactPointFactory(name=contact_point.name).pk


def test_customer_external_reference_is_unique_only_when_set(db):
    CustomerFactory(external_ref="")
    CustomerFactory(external_ref="")
    CustomerFactory(external_ref="C-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomerFactory(external_ref="C-1")


def test_standard_items_are_the_non_empty_lines_without_bullets(db):
    point = ContactPointFactory(service_standard="- Greet\n\n* Listen  \n• Confirm next step\n")
    assert point.standard_items == ["Greet", "Listen", "Confirm next step"]


def test_contact_point_rating_method_falls_back_to_the_channels(db):
    point = ContactPointFactory(channel__default_rating_method="kiosk", rating_method="")
    assert point.default_rating_method == "kiosk"
    point.rating_method = "email"
    assert point.default_rating_method == "email"


def test_for_logging_lists_own_department_first_and_hides_retired(db, staff_a, contact_point, department_b):
    other = ContactPointFactory(name="A billing desk", department=department_b)
    retired = ContactPointFactory(name="Old desk", department=staff_a.department, is_active=False)
    retired_channel = ContactPointFactory(name="Fax line", channel__is_active=False)
    retired_department = ContactPointFactory(name="Telex", department__is_active=False)
    listed = list(ContactPoint.objects.for_logging(staff_a))
    assert listed == [contact_point, other]
    assert retired not in listed and retired_channel not in listed and retired_department not in listed


def test_representative_may_correct_only_within_the_window(db, staff_a, staff_b, settings):
    settings.CONTACT_EDIT_WINDOW_HOURS = 24
    contact = ContactFactory(representative=staff_a)
    assert contact.is_editable_by(staff_a)
    assert not contact.is_editable_by(staff_b)
    Contact.objects.filter(pk=contact.pk).update(logged_at=timezone.now() - timedelta(hours=25))
    contact.refresh_from_db()
    assert not contact.is_editable_by(staff_a)


class TestVisibility:
    @pytest.fixture
    def contacts(self, staff_a, staff_b, staff_other, manager_a):
        return {
            "a": ContactFactory(representative=staff_a),
            "b": ContactFactory(representative=staff_b),
            "other": ContactFactory(representative=staff_other),
            "manager": ContactFactory(representative=manager_a),
        }

    def visible(self, user):
        return set(Contact.objects.visible_to(user).values_list("pk", flat=True))

    def test_staff_see_only_their_own(self, contacts, staff_a):
        assert self.visible(staff_a) == {contacts["a"].pk}

    def test_manager_sees_their_departments_and_their_own(self, contacts, manager_a):
        assert self.visible(manager_a) == {contacts["a"].pk, contacts["b"].pk, contacts["manager"].pk}

    def test_manager_of_another_department_sees_none_of_ours(self, contacts, manager_b):
        assert self.visible(manager_b) == {contacts["other"].pk}

    def test_admin_sees_everything(self, contacts, admin):
        assert self.visible(admin) == {c.pk for c in contacts.values()}

    def test_inactive_user_sees_nothing(self, contacts, staff_a):
        staff_a.is_active = False
        assert self.visible(staff_a) == set()

    def test_department_snapshot_keeps_history_when_a_person_moves(self, contacts, staff_a, manager_a, department_b):
        staff_a.department = department_b
        staff_a.save()
        # The contact was logged while Ana was in department A: A's manager still sees it.
        assert contacts["a"].pk in self.visible(manager_a)
