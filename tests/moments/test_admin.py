"""The admin's pages for channels, contact points, customers, contacts and ratings.

Each add and change page is driven as an admin uses it: the page is read
and its form posted back with a change. Writes go through the services, so
the dashboards' daily rollup stays equal to a recount of the contacts;
writes the admin must not make are refused with a message or a 403, never
a server error.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moments.models import Channel, Contact, ContactPoint, Customer, Rating
from moments.services import contact_log
from tests.admin_pages import change_form_data, rollup_is_exact
from tests.factories import (
    ChannelFactory,
    ContactFactory,
    ContactPointFactory,
    CustomerFactory,
    DepartmentFactory,
    RatingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

RATING_LIST = "/admin/moments/rating/"
CONTACTS = "/admin/moments/contact/"


def test_the_rating_list_names_each_contact_without_a_query_per_row(as_user, admin, contact_point, staff_a):
    def ratings(count):
        for _ in range(count):
            RatingFactory(contact=ContactFactory(representative=staff_a, contact_point=contact_point))

    client = as_user(admin)
    ratings(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(RATING_LIST).status_code == 200
    ratings(8)
    with CaptureQueriesContext(connection) as more:
        response = client.get(RATING_LIST)
    assert response.status_code == 200
    assert response.content.decode().count(contact_point.name) >= 10
    assert len(more) == len(few)


@pytest.fixture
def customer(db) -> Customer:
    return CustomerFactory(name="Carla Cruz", kind=Customer.Kind.PROSPECT)


@pytest.fixture
def logged(staff_a, contact_point, customer) -> Contact:
    """A rated contact of Ana's, logged through the service, so the rollup counts it."""
    return contact_log(
        logged_by=staff_a,
        contact_point=contact_point,
        customer=customer,
        occurred_at=timezone.now() - timedelta(days=2),
        outcome=Contact.Outcome.RESOLVED,
        duration_minutes=7,
        score=2,
    )


def change_page(client, model: str, obj) -> str:
    return f"/admin/{model}/{obj.pk}/change/"


class TestAddingAContact:
    """The defect: the add form left the snapshots empty and saved past the service, an IntegrityError."""

    def new_contact(self, client, **changes):
        form = client.get(f"{CONTACTS}add/")
        assert form.status_code == 200
        yesterday = timezone.localtime() - timedelta(days=1)
        data = {
            "occurred_at_0": yesterday.strftime("%Y-%m-%d"),
            "occurred_at_1": "10:30",
            "duration_minutes": "12",
            "outcome": Contact.Outcome.FOLLOW_UP,
            "notes": "Entered by the admin for Ana",
            **changes,
        }
        return client.post(f"{CONTACTS}add/", change_form_data(form, **data))

    def test_the_add_form_asks_only_for_what_the_admin_knows(self, as_user, admin):
        form = as_user(admin).get(f"{CONTACTS}add/").context["adminform"].form

        assert set(form.fields) == {
            "contact_point",
            "representative",
            "customer",
            "occurred_at",
            "duration_minutes",
            "outcome",
            "notes",
        }

    def test_a_new_contact_is_logged_by_the_service_with_its_snapshots(
        self, as_user, admin, staff_a, contact_point, customer, logged
    ):
        response = self.new_contact(
            as_user(admin), contact_point=contact_point.pk, representative=staff_a.pk, customer=customer.pk
        )

        assert response.status_code == 302
        contact = Contact.objects.exclude(pk=logged.pk).get()
        assert response.url == CONTACTS
        assert (contact.channel, contact.department, contact.customer_kind) == (
            contact_point.channel,
            staff_a.department,
            Customer.Kind.PROSPECT,
        )
        assert (contact.representative, contact.logged_by) == (staff_a, admin)
        assert (contact.outcome, contact.duration_minutes) == (Contact.Outcome.FOLLOW_UP, 12)
        assert rollup_is_exact()

    def test_the_new_contact_shows_in_its_departments_list(
        self, as_user, admin, manager_a, staff_a, contact_point, customer
    ):
        self.new_contact(
            as_user(admin), contact_point=contact_point.pk, representative=staff_a.pk, customer=customer.pk
        )

        response = as_user(manager_a).get("/contacts/")
        assert [contact.notes for contact in response.context["page"]] == ["Entered by the admin for Ana"]

    def test_a_retired_contact_point_is_refused_on_the_form(self, as_user, admin, staff_a, contact_point, customer):
        contact_point.is_active = False
        contact_point.save()

        response = self.new_contact(
            as_user(admin), contact_point=contact_point.pk, representative=staff_a.pk, customer=customer.pk
        )

        assert response.status_code == 200
        assert "This contact point is retired" in response.content.decode()
        assert not Contact.objects.exists()

    def test_a_representative_in_no_department_is_refused_on_the_form(self, as_user, admin, contact_point, customer):
        lonely = UserFactory(username="lonely", display_name="Lena Lone", department=None)

        response = self.new_contact(
            as_user(admin), contact_point=contact_point.pk, representative=lonely.pk, customer=customer.pk
        )

        assert response.status_code == 200
        assert "Lena Lone is in no department yet" in response.content.decode()
        assert not Contact.objects.exists()

    @pytest.mark.parametrize(
        "changes",
        [
            {"occurred_at_0": "9999-12-31", "occurred_at_1": "23:59"},
            {"occurred_at_0": "0001-01-01", "occurred_at_1": "00:00"},
            {"occurred_at_0": "2026-02-30"},
            {"duration_minutes": "99999"},
            {"duration_minutes": "-1"},
            {"outcome": "won"},
            {"customer": "999999"},
            {"customer": ""},
            {"representative": "abc"},
            {"contact_point": "99999999999999999999"},
            {"notes": "x" * 4001},
        ],
    )
    def test_bad_data_is_refused_on_the_form_and_saves_nothing(
        self, as_user, admin, staff_a, contact_point, customer, changes
    ):
        data = {"contact_point": contact_point.pk, "representative": staff_a.pk, "customer": customer.pk, **changes}

        response = self.new_contact(as_user(admin), **data)

        assert response.status_code == 200
        assert response.context["adminform"].form.errors
        assert not Contact.objects.exists()


class TestChangingAContact:
    def test_moving_a_contact_to_another_day_moves_its_counts(self, as_user, admin, logged):
        client = as_user(admin)
        page = client.get(change_page(client, "moments/contact", logged))
        earlier = timezone.localtime(logged.occurred_at) - timedelta(days=5)

        response = client.post(
            change_page(client, "moments/contact", logged),
            change_form_data(page, occurred_at_0=earlier.strftime("%Y-%m-%d")),
        )

        assert response.status_code == 302
        logged.refresh_from_db()
        assert timezone.localdate(logged.occurred_at) == earlier.date()
        assert logged.rating.score == 2
        assert rollup_is_exact()

    def test_the_rating_inline_cannot_delete_or_rewrite_the_rating(self, as_user, admin, logged):
        client = as_user(admin)
        page = client.get(change_page(client, "moments/contact", logged))
        data = change_form_data(page, **{"rating-0-DELETE": "on", "rating-0-score": "5", "rating-0-comment": "Great"})

        response = client.post(change_page(client, "moments/contact", logged), data)

        assert response.status_code == 302
        rating = Rating.objects.get(contact=logged)
        assert (rating.score, rating.comment) == (2, "")
        assert rollup_is_exact()

    def test_a_corrected_representative_brings_their_department(
        self, as_user, admin, logged, staff_other, manager_a, manager_b
    ):
        client = as_user(admin)
        page = client.get(change_page(client, "moments/contact", logged))

        response = client.post(
            change_page(client, "moments/contact", logged), change_form_data(page, representative=staff_other.pk)
        )

        assert response.status_code == 302
        logged.refresh_from_db()
        assert (logged.representative, logged.department) == (staff_other, staff_other.department)
        assert rollup_is_exact()
        assert as_user(manager_b).get(f"/contacts/{logged.pk}/").status_code == 200
        assert as_user(manager_a).get(f"/contacts/{logged.pk}/").status_code == 404

    def test_a_corrected_contact_point_and_customer_bring_their_channel_and_kind(
        self, as_user, admin, logged, department_b
    ):
        visit = ContactPointFactory(name="Home visit", channel=ChannelFactory(name="Visit"), department=department_b)
        current = CustomerFactory(kind=Customer.Kind.CURRENT)
        client = as_user(admin)
        page = client.get(change_page(client, "moments/contact", logged))

        response = client.post(
            change_page(client, "moments/contact", logged),
            change_form_data(page, contact_point=visit.pk, customer=current.pk),
        )

        assert response.status_code == 302
        logged.refresh_from_db()
        assert (logged.channel, logged.customer_kind) == (visit.channel, Customer.Kind.CURRENT)
        assert rollup_is_exact()

    def test_a_representative_in_no_department_is_refused(self, as_user, admin, logged):
        lonely = UserFactory(username="lonely", display_name="Lena Lone", department=None)
        client = as_user(admin)
        page = client.get(change_page(client, "moments/contact", logged))

        response = client.post(
            change_page(client, "moments/contact", logged), change_form_data(page, representative=lonely.pk)
        )

        assert response.status_code == 200
        assert "Lena Lone is in no department yet" in response.content.decode()
        logged.refresh_from_db()
        assert logged.department is not None
        assert rollup_is_exact()

    def test_a_date_past_the_range_is_refused(self, as_user, admin, logged):
        client = as_user(admin)
        page = client.get(change_page(client, "moments/contact", logged))

        response = client.post(
            change_page(client, "moments/contact", logged),
            change_form_data(page, occurred_at_0="9999-12-31", occurred_at_1="23:59"),
        )

        assert response.status_code == 200
        assert "is outside 2000–2999" in response.content.decode()
        assert rollup_is_exact()

    def test_deleting_a_contact_takes_its_counts_with_it(self, as_user, admin, logged):
        response = as_user(admin).post(f"{CONTACTS}{logged.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert not Contact.objects.exists()
        assert rollup_is_exact()

    def test_deleting_contacts_in_bulk_too(self, as_user, admin, logged, staff_b, contact_point, customer):
        other = contact_log(
            logged_by=staff_b,
            contact_point=contact_point,
            customer=customer,
            occurred_at=timezone.now(),
            outcome=Contact.Outcome.UNRESOLVED,
        )
        kept = contact_log(
            logged_by=staff_b,
            contact_point=contact_point,
            customer=customer,
            occurred_at=timezone.now(),
            outcome=Contact.Outcome.RESOLVED,
        )

        response = as_user(admin).post(
            CONTACTS, {"action": "delete_selected", "_selected_action": [logged.pk, other.pk], "post": "yes"}
        )

        assert response.status_code == 302
        assert list(Contact.objects.all()) == [kept]
        assert rollup_is_exact()


class TestRatings:
    def test_a_rating_cannot_be_added_or_changed(self, as_user, admin, logged):
        client = as_user(admin)

        assert client.get("/admin/moments/rating/add/").status_code == 403
        assert client.post("/admin/moments/rating/add/", {"contact": logged.pk, "score": "5"}).status_code == 403
        assert client.post(change_page(client, "moments/rating", logged.rating), {"score": "5"}).status_code == 403
        assert Rating.objects.get().score == 2

    def test_deleting_a_rating_takes_its_score_from_the_figures(self, as_user, admin, logged):
        response = as_user(admin).post(f"/admin/moments/rating/{logged.rating.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert not Rating.objects.exists()
        assert rollup_is_exact()

    def test_deleting_ratings_in_bulk_too(self, as_user, admin, logged):
        response = as_user(admin).post(
            RATING_LIST, {"action": "delete_selected", "_selected_action": [logged.rating.pk], "post": "yes"}
        )

        assert response.status_code == 302
        assert not Rating.objects.exists()
        assert rollup_is_exact()


class TestConfiguration:
    """Channels, contact points and customers: plain rows, with the checks their forms and constraints make."""

    def test_a_channel_is_added_and_a_name_taken_in_other_case_is_refused(self, as_user, admin, channel):
        client = as_user(admin)
        page = client.get("/admin/moments/channel/add/")

        added = client.post("/admin/moments/channel/add/", change_form_data(page, name="Chat"))
        taken = client.post("/admin/moments/channel/add/", change_form_data(page, name="PHONE CALL"))

        assert added.status_code == 302
        assert taken.status_code == 200 and taken.context["adminform"].form.errors
        assert Channel.objects.filter(name="Chat").exists()
        assert Channel.objects.filter(name__iexact="phone call").count() == 1

    def test_a_contact_point_is_added_and_a_target_past_100_is_refused(self, as_user, admin, channel, department_a):
        client = as_user(admin)
        page = client.get("/admin/moments/contactpoint/add/")
        data = {"name": "Front desk", "channel": channel.pk, "department": department_a.pk, "purpose": "Welcome"}

        refused = client.post("/admin/moments/contactpoint/add/", change_form_data(page, **data, target_csat="101"))
        added = client.post("/admin/moments/contactpoint/add/", change_form_data(page, **data, target_csat="90"))

        assert refused.status_code == 200 and refused.context["adminform"].form.errors
        assert added.status_code == 302
        assert ContactPoint.objects.get(name="Front desk").target_csat == 90

    def test_moving_or_retiring_a_contact_point_leaves_its_contacts_figures_alone(
        self, as_user, admin, logged, contact_point, department_b
    ):
        client = as_user(admin)
        page = client.get(change_page(client, "moments/contactpoint", contact_point))

        response = client.post(
            change_page(client, "moments/contactpoint", contact_point),
            change_form_data(page, department=department_b.pk, is_active=""),
        )

        assert response.status_code == 302
        contact_point.refresh_from_db()
        assert (contact_point.department, contact_point.is_active) == (department_b, False)
        logged.refresh_from_db()
        assert logged.department == logged.representative.department
        assert rollup_is_exact()

    def test_a_customer_whose_kind_changes_keeps_the_kind_of_their_past_contacts(
        self, as_user, admin, logged, customer
    ):
        client = as_user(admin)
        page = client.get(change_page(client, "moments/customer", customer))

        response = client.post(
            change_page(client, "moments/customer", customer), change_form_data(page, kind=Customer.Kind.CURRENT)
        )

        assert response.status_code == 302
        customer.refresh_from_db()
        logged.refresh_from_db()
        assert (customer.kind, logged.customer_kind) == (Customer.Kind.CURRENT, Customer.Kind.PROSPECT)
        assert rollup_is_exact()

    def test_a_customer_reference_taken_is_refused(self, as_user, admin, customer):
        CustomerFactory(name="Other", external_ref="CRM-1")
        client = as_user(admin)
        page = client.get("/admin/moments/customer/add/")

        response = client.post(
            "/admin/moments/customer/add/", change_form_data(page, name="Twin", external_ref="CRM-1")
        )

        assert response.status_code == 200 and response.context["adminform"].form.errors
        assert not Customer.objects.filter(name="Twin").exists()

    @pytest.mark.parametrize("model", ["moments/channel", "moments/contactpoint", "moments/customer"])
    def test_what_contacts_still_use_cannot_be_deleted(self, as_user, admin, logged, model):
        obj = {
            "moments/channel": logged.channel,
            "moments/contactpoint": logged.contact_point,
            "moments/customer": logged.customer,
        }[model]
        client = as_user(admin)

        page = client.get(f"/admin/{model}/{obj.pk}/delete/")
        single = client.post(f"/admin/{model}/{obj.pk}/delete/", {"post": "yes"})
        bulk = client.post(
            f"/admin/{model}/", {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        )

        assert page.status_code == single.status_code == bulk.status_code == 200
        assert "Cannot delete" in page.content.decode()
        assert type(obj).objects.filter(pk=obj.pk).exists()
        assert rollup_is_exact()

    def test_an_unused_department_contact_point_is_deleted(self, as_user, admin, channel):
        point = ContactPointFactory(channel=channel, department=DepartmentFactory(name="Unused"))

        response = as_user(admin).post(f"/admin/moments/contactpoint/{point.pk}/delete/", {"post": "yes"})

        assert response.status_code == 302
        assert not ContactPoint.objects.filter(pk=point.pk).exists()
