from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from moments.models import Contact, ContactPoint, Customer, Rating
from moments.services import RatingAlreadyGiven, contact_log, rating_record
from tests.factories import (
    ContactFactory,
    ContactPointFactory,
    CustomerFactory,
    DepartmentFactory,
    SurveyInvitationFactory,
    UserFactory,
)


def local_input(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def customer(db):
    return CustomerFactory(name="Maria Lopes", email="maria@example.org", external_ref="C-1001")


@pytest.fixture
def valid_post(contact_point, customer):
    return {
        "contact_point": contact_point.pk,
        "customer": customer.pk,
        "occurred_at": local_input(timezone.now() - timedelta(minutes=3)),
        "duration_minutes": "7",
        "outcome": "resolved",
        "notes": "Router reset fixed it.",
        "rating_method": "none",
    }


class TestLoggingService:
    def test_snapshots_the_channel_department_and_customer_kind(self, staff_a, contact_point, customer):
        contact = contact_log(
            logged_by=staff_a,
            contact_point=contact_point,
            customer=customer,
            occurred_at=timezone.now(),
            outcome=Contact.Outcome.RESOLVED,
        )
        assert contact.channel == contact_point.channel
        assert contact.department == staff_a.department
        assert contact.customer_kind == Customer.Kind.CURRENT
        assert contact.representative == staff_a
        assert contact.logged_by == staff_a

    def test_refuses_a_retired_contact_point_and_saves_nothing(self, staff_a, contact_point, customer):
        contact_point.is_active = False
        contact_point.save()
        with pytest.raises(ValidationError):
            contact_log(
                logged_by=staff_a,
                contact_point=contact_point,
                customer=customer,
                occurred_at=timezone.now(),
                outcome="resolved",
            )
        assert not Contact.objects.exists()

    def test_a_bad_score_rolls_back_the_contact_too(self, staff_a, contact_point, customer):
        with pytest.raises(ValidationError):
            contact_log(
                logged_by=staff_a,
                contact_point=contact_point,
                customer=customer,
                occurred_at=timezone.now(),
                outcome="resolved",
                score=9,
            )
        assert not Contact.objects.exists()
        assert not Rating.objects.exists()

    def test_staff_entered_rating_records_who_typed_it(self, staff_a, contact_point, customer):
        contact = contact_log(
            logged_by=staff_a,
            contact_point=contact_point,
            customer=customer,
            occurred_at=timezone.now(),
            outcome="resolved",
            score=5,
            comment="  Lovely  ",
        )
        rating = Rating.objects.get(contact=contact)
        assert (rating.score, rating.comment, rating.source, rating.entered_by) == (5, "Lovely", "staff", staff_a)

    def test_a_second_rating_is_refused(self, db):
        contact = ContactFactory()
        rating_record(contact=contact, score=4, source=Rating.Source.LINK)
        with pytest.raises(RatingAlreadyGiven):
            rating_record(contact=contact, score=1, source=Rating.Source.LINK)
        assert Rating.objects.get(contact=contact).score == 4


class TestLogAContactPage:
    def test_anonymous_is_sent_to_login(self, as_user, db):
        response = as_user(None).get("/log/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")

    def test_shows_the_form_with_sensible_defaults(self, as_user, staff_a, contact_point):
        response = as_user(staff_a).get("/log/")
        assert response.status_code == 200
        form = response.context["form"]
        assert form.initial["occurred_at"] <= timezone.localtime()
        assert form["outcome"].value() == "resolved"
        assert contact_point in form.fields["contact_point"].queryset

    def test_own_departments_contact_points_are_listed_first(self, as_user, staff_a, contact_point, department_b):
        ContactPointFactory(name="Aardvark desk", department=department_b)
        form = as_user(staff_a).get("/log/").context["form"]
        assert list(form.fields["contact_point"].queryset)[0] == contact_point

    def test_remembers_the_last_contact_point_used(self, as_user, staff_a, contact_point, department_b):
        other = ContactPointFactory(department=department_b)
        ContactFactory(representative=staff_a, contact_point=other)
        response = as_user(staff_a).get("/log/")
        assert response.context["form"].initial["contact_point"] == other.pk

    def test_logs_a_contact_with_an_existing_customer(self, as_user, staff_a, valid_post, customer, contact_point):
        response = as_user(staff_a).post("/log/", valid_post)
        assert response.status_code == 302
        assert response["Location"] == "/log/"
        contact = Contact.objects.get()
        assert contact.customer == customer
        assert contact.contact_point == contact_point
        assert contact.duration_minutes == 7
        assert contact.notes == "Router reset fixed it."
        assert not Rating.objects.exists()

    def test_confirms_and_links_to_the_new_contact(self, as_user, staff_a, valid_post):
        response = as_user(staff_a).post("/log/", valid_post, follow=True)
        contact = Contact.objects.get()
        assert "logged" in response.content.decode()
        assert contact.get_absolute_url() in response.content.decode()

    def test_creates_a_new_prospect_inline(self, as_user, staff_a, valid_post):
        post = valid_post | {
            "customer": "",
            "new_customer_name": "Rui Prospect",
            "new_customer_kind": "prospect",
            "new_customer_email": "rui@example.org",
        }
        assert as_user(staff_a).post("/log/", post).status_code == 302
        contact = Contact.objects.get()
        assert contact.customer.name == "Rui Prospect"
        assert contact.customer.kind == contact.customer_kind == "prospect"

    def test_records_the_score_given_on_the_spot(self, as_user, staff_a, valid_post):
        post = valid_post | {"rating_method": "staff", "score": "5", "comment": "Very helpful"}
        assert as_user(staff_a).post("/log/", post).status_code == 302
        rating = Rating.objects.get()
        assert (rating.score, rating.comment, rating.source) == (5, "Very helpful", "staff")

    def test_a_score_typed_without_choosing_staff_entry_is_not_recorded(self, as_user, staff_a, valid_post):
        assert as_user(staff_a).post("/log/", valid_post | {"score": "2"}).status_code == 302
        assert not Rating.objects.exists()

    def test_any_staff_member_may_log_at_another_departments_contact_point(
        self, as_user, staff_other, valid_post, contact_point
    ):
        assert as_user(staff_other).post("/log/", valid_post).status_code == 302
        assert Contact.objects.get().department == staff_other.department

    def test_contact_point_standard_partial(self, as_user, staff_a, contact_point):
        response = as_user(staff_a).get(f"/log/standard/?contact_point={contact_point.pk}")
        assert response.status_code == 200
        body = response.content.decode()
        assert "technical problem on the phone" in body
        assert "Answer within three rings" in body
        assert "85 %" in body

    @pytest.mark.parametrize("value", ["", "abc", "999999", "-1", "²", "1\x00"])
    def test_contact_point_standard_partial_with_bad_input(self, as_user, staff_a, contact_point, value):
        response = as_user(staff_a).get(f"/log/standard/?contact_point={value}")
        assert response.status_code == 200
        assert "Choose a contact point" in response.content.decode()

    def test_customer_search_finds_by_name_email_and_reference(self, as_user, staff_a, customer):
        client = as_user(staff_a)
        for query in ["mari", "maria@example.org", "c-1001"]:
            response = client.get("/log/customers/", {"customer_search": query})
            assert customer.name in response.content.decode(), query
        response = client.get("/log/customers/", {"customer_search": "zzz"})
        assert "No customer matches" in response.content.decode()

    @pytest.mark.parametrize("query", ["lopez", "LOPEZ", "adrian lopez", "Adrián López", "ADRIÁN"])
    def test_customer_search_ignores_accents_and_case(self, as_user, staff_a, query):
        CustomerFactory(name="Adrián López")
        response = as_user(staff_a).get("/log/customers/", {"customer_search": query})
        assert "Adrián López" in response.content.decode()

    @pytest.mark.parametrize("query", ["a.b", "(x", "[", "*", "\\", "o'brien", "100%"])
    def test_customer_search_takes_punctuation_literally(self, as_user, staff_a, query):
        CustomerFactory(name="Somebody Else")
        response = as_user(staff_a).get("/log/customers/", {"customer_search": query})
        assert response.status_code == 200
        assert "Somebody Else" not in response.content.decode()

    def test_customer_search_ignores_a_nul_character(self, as_user, staff_a, customer):
        response = as_user(staff_a).get("/log/customers/", {"customer_search": "mari\x00"})
        assert response.status_code == 200
        assert customer.name in response.content.decode()

    @pytest.mark.parametrize("query", ["", "m"])
    def test_a_cleared_customer_search_brings_back_the_recent_customers(self, as_user, staff_a, customer, query):
        ContactFactory(representative=staff_a, customer=customer)
        response = as_user(staff_a).get("/log/customers/", {"customer_search": query})
        body = response.content.decode()
        assert customer.name in body
        assert "No customer matches" not in body


class TestLoggingBadInput:
    def post(self, client, data):
        response = client.post("/log/", data)
        assert response.status_code == 200, "a form with errors is shown again, not redirected"
        assert not Contact.objects.exists()
        assert not Customer.objects.exclude(name="Maria Lopes").exists()
        return response.context["form"].errors

    def test_a_time_in_the_future_is_refused(self, as_user, staff_a, valid_post):
        errors = self.post(
            as_user(staff_a), valid_post | {"occurred_at": local_input(timezone.now() + timedelta(hours=1))}
        )
        assert "in the future" in errors["occurred_at"][0]

    def test_a_time_a_little_ahead_is_tolerated(self, as_user, staff_a, valid_post):
        post = valid_post | {"occurred_at": local_input(timezone.now() + timedelta(minutes=2))}
        assert as_user(staff_a).post("/log/", post).status_code == 302

    def test_a_time_more_than_a_year_ago_is_refused(self, as_user, staff_a, valid_post):
        errors = self.post(as_user(staff_a), valid_post | {"occurred_at": "2001-01-01T10:00"})
        assert "historical import" in errors["occurred_at"][0]

    @pytest.mark.parametrize("duration", ["-5", "100000", "ten", "1.5"])
    def test_bad_durations_are_refused(self, as_user, staff_a, valid_post, duration):
        errors = self.post(as_user(staff_a), valid_post | {"duration_minutes": duration})
        assert "duration_minutes" in errors

    @pytest.mark.parametrize("score", ["0", "6", "x", ""])
    def test_bad_scores_are_refused_when_staff_enters_one(self, as_user, staff_a, valid_post, score):
        errors = self.post(as_user(staff_a), valid_post | {"rating_method": "staff", "score": score})
        assert "score" in errors

    def test_a_retired_contact_point_is_refused(self, as_user, staff_a, valid_post, contact_point):
        ContactPoint.objects.filter(pk=contact_point.pk).update(is_active=False)
        errors = self.post(as_user(staff_a), valid_post)
        assert "retired" in errors["contact_point"][0]

    def test_someone_in_no_department_is_told_why_they_cannot_log(self, as_user, valid_post):
        lonely = UserFactory(username="lonely", display_name="Lena Lone", department=None)

        response = as_user(lonely).post("/log/", valid_post)

        assert response.status_code == 200
        assert "Lena Lone is in no department yet" in response.content.decode()
        assert not Contact.objects.exists()

    @pytest.mark.parametrize("value", ["999999", "abc", ""])
    def test_an_unknown_contact_point_is_refused(self, as_user, staff_a, valid_post, value):
        assert "contact_point" in self.post(as_user(staff_a), valid_post | {"contact_point": value})

    @pytest.mark.parametrize("value", ["999999", "abc"])
    def test_an_unknown_customer_is_refused(self, as_user, staff_a, valid_post, value):
        assert "customer" in self.post(as_user(staff_a), valid_post | {"customer": value})

    def test_no_customer_at_all_is_refused(self, as_user, staff_a, valid_post):
        errors = self.post(as_user(staff_a), valid_post | {"customer": ""})
        assert "Choose a customer" in errors["customer"][0]

    def test_no_customer_with_the_email_method_asks_only_for_a_customer(self, as_user, staff_a, valid_post):
        errors = self.post(as_user(staff_a), valid_post | {"customer": "", "rating_method": "email"})
        assert "Choose a customer" in errors["customer"][0]
        assert "rating_method" not in errors

    def test_both_an_existing_and_a_new_customer_is_refused(self, as_user, staff_a, valid_post):
        errors = self.post(as_user(staff_a), valid_post | {"new_customer_name": "Someone Else"})
        assert "new_customer_name" in errors

    def test_a_bad_new_customer_email_saves_no_customer(self, as_user, staff_a, valid_post):
        post = valid_post | {"customer": "", "new_customer_name": "Rui", "new_customer_email": "not-an-email"}
        assert "new_customer_email" in self.post(as_user(staff_a), post)

    def test_a_new_customer_with_a_known_email_address_is_refused(self, as_user, staff_a, valid_post, customer):
        post = valid_post | {"customer": "", "new_customer_name": "Maria L.", "new_customer_email": "MARIA@example.org"}
        errors = self.post(as_user(staff_a), post)
        assert "Maria Lopes (C-1001) already has this e-mail address" in errors["new_customer_email"][0]

    def test_an_unknown_outcome_is_refused(self, as_user, staff_a, valid_post):
        assert "outcome" in self.post(as_user(staff_a), valid_post | {"outcome": "won"})

    def test_errors_are_shown_next_to_the_fields(self, as_user, staff_a, valid_post):
        response = as_user(staff_a).post("/log/", valid_post | {"duration_minutes": "-5"})
        assert "is-invalid" in response.content.decode()
        assert "greater than or equal to 0" in response.content.decode()


FORM_FIELDS = [
    "contact_point",
    "customer",
    "new_customer_name",
    "new_customer_kind",
    "new_customer_email",
    "occurred_at",
    "duration_minutes",
    "outcome",
    "notes",
    "rating_method",
    "score",
    "comment",
]


class TestLoggingFormNeverFails(HypothesisTestCase):
    """Whatever is posted, the page answers with the form or a redirect; never a 500, never half a save."""

    @classmethod
    def setUpTestData(cls):
        department = DepartmentFactory(name="Support")
        cls.user = UserFactory(username="fuzz", department=department)
        cls.contact_point = ContactPointFactory(department=department)
        cls.customer = CustomerFactory()

    @settings(max_examples=150)
    @given(
        data=st.dictionaries(
            st.sampled_from(FORM_FIELDS),
            st.one_of(
                st.text(max_size=300),
                st.integers(min_value=-(10**12), max_value=10**12).map(str),
                st.sampled_from(["resolved", "staff", "none", "prospect", "2026-01-01T10:00", "1", "5"]),
            ),
        )
    )
    def test_random_form_data(self, data):
        self.client.force_login(self.user)
        contacts_before = Contact.objects.count()
        customers_before = Customer.objects.count()
        response = self.client.post("/log/", data)
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert Contact.objects.count() == contacts_before
            assert Customer.objects.count() == customers_before
        else:
            assert Contact.objects.count() == contacts_before + 1


class TestLoggingCost:
    """The page staff load all day costs a fixed number of queries, however long their history."""

    @pytest.fixture
    def history(self, staff_a, contact_point):
        """More contacts than the recent-customer window reads, with more customers than are shown, some invited."""
        base = timezone.now() - timedelta(days=1)
        for number in range(40):
            contact = ContactFactory(
                representative=staff_a,
                contact_point=contact_point,
                customer=CustomerFactory(name=f"History customer {number}"),
                occurred_at=base + timedelta(minutes=number),
            )
            if number % 3 == 0:
                SurveyInvitationFactory(contact=contact)
        ContactPointFactory.create_batch(10, department=contact_point.department)

    def test_the_form_page_costs_five_queries(self, as_user, staff_a, history, django_assert_max_num_queries):
        client = as_user(staff_a)
        client.get("/log/")
        # Session, user, last contact point, contact points, recent customers with when each was last asked.
        with django_assert_max_num_queries(5):
            response = client.get("/log/")
        assert response.status_code == 200
        assert "History customer 39" in response.content.decode()

    def test_logging_with_a_score_costs_a_fixed_number_of_queries(
        self, as_user, staff_a, history, valid_post, django_assert_max_num_queries
    ):
        client = as_user(staff_a)
        # The day's first contact at this contact point also creates its rollup row.
        client.post("/log/", valid_post | {"notes": "First of the day"})
        # Session, user, contact point, customer, the savepoint around the writes (the test's transaction
        # is the outer one), contact, its audit trail entry, rating, rollup; messages travel in a cookie,
        # not the session.
        with django_assert_max_num_queries(10):
            response = client.post("/log/", valid_post | {"rating_method": "staff", "score": "4"})
        assert response.status_code == 302
        assert Rating.objects.get(contact__notes=valid_post["notes"]).score == 4

    def test_the_page_after_logging_shows_the_message_within_the_same_queries(
        self, as_user, staff_a, history, valid_post, django_assert_max_num_queries
    ):
        client = as_user(staff_a)
        client.post("/log/", valid_post)
        with django_assert_max_num_queries(5):
            response = client.get("/log/")
        assert "logged" in response.content.decode()


class TestRecentCustomers:
    def test_the_latest_customers_come_first_each_once(self, as_user, staff_a, contact_point):
        base = timezone.now() - timedelta(hours=2)
        customers = [CustomerFactory(name=f"Recent {n}") for n in range(7)]
        for minutes, customer in enumerate([*customers, customers[0]]):
            ContactFactory(representative=staff_a, customer=customer, occurred_at=base + timedelta(minutes=minutes))
        body = as_user(staff_a).get("/log/").content.decode()
        shown = [c.name for c in customers if f">{c.name}<" in body]
        assert shown == ["Recent 0", "Recent 3", "Recent 4", "Recent 5", "Recent 6"]
        assert body.index("Recent 0") < body.index("Recent 6") < body.index("Recent 3")

    def test_someone_who_met_one_customer_all_day_still_sees_the_ones_before(self, as_user, staff_a):
        base = timezone.now() - timedelta(days=2)
        earlier = [CustomerFactory(name=f"Earlier {n}") for n in range(4)]
        for minutes, customer in enumerate(earlier):
            ContactFactory(representative=staff_a, customer=customer, occurred_at=base + timedelta(minutes=minutes))
        regular = CustomerFactory(name="All-day regular")
        for minutes in range(40):
            ContactFactory(
                representative=staff_a, customer=regular, occurred_at=base + timedelta(hours=1, minutes=minutes)
            )
        body = as_user(staff_a).get("/log/").content.decode()
        assert all(customer.name in body for customer in [regular, *earlier])

    def test_another_persons_customers_are_not_listed(self, as_user, staff_a, staff_b):
        ContactFactory(representative=staff_b, customer=CustomerFactory(name="Not yours"))
        assert "Not yours" not in as_user(staff_a).get("/log/").content.decode()
