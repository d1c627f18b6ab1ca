from datetime import timedelta

import pytest
from django.utils import timezone

from moments.models import Contact
from tests.factories import ContactFactory, RatingFactory


@pytest.fixture
def contact_a(staff_a, contact_point):
    return ContactFactory(representative=staff_a, contact_point=contact_point, notes="Ana's note")


@pytest.fixture
def contact_b(staff_b, contact_point):
    return ContactFactory(representative=staff_b, contact_point=contact_point, notes="Bruno's note")


@pytest.fixture
def contact_other(staff_other, contact_point):
    return ContactFactory(representative=staff_other, contact_point=contact_point, notes="Olga's note")


def listed_ids(response):
    return {contact.pk for contact in response.context["page"]}


class TestContactList:
    def test_anonymous_is_sent_to_login(self, as_user, db):
        assert as_user(None).get("/contacts/").status_code == 302

    def test_staff_see_only_their_own_contacts(self, as_user, staff_a, contact_a, contact_b, contact_other):
        response = as_user(staff_a).get("/contacts/")
        assert response.status_code == 200
        assert listed_ids(response) == {contact_a.pk}
        assert "My contacts" in response.content.decode()
        assert "Bruno" not in response.content.decode()

    def test_manager_sees_the_departments_they_manage(self, as_user, manager_a, contact_a, contact_b, contact_other):
        response = as_user(manager_a).get("/contacts/")
        assert listed_ids(response) == {contact_a.pk, contact_b.pk}

    def test_manager_of_another_department_does_not_see_ours(
        self, as_user, manager_b, contact_a, contact_b, contact_other
    ):
        assert listed_ids(as_user(manager_b).get("/contacts/")) == {contact_other.pk}

    def test_admin_sees_all(self, as_user, admin, contact_a, contact_b, contact_other):
        assert listed_ids(as_user(admin).get("/contacts/")) == {contact_a.pk, contact_b.pk, contact_other.pk}

    def test_newest_first_and_paginated(self, as_user, staff_a, contact_point):
        now = timezone.now()
        contacts = [
            ContactFactory(representative=staff_a, contact_point=contact_point, occurred_at=now - timedelta(hours=i))
            for i in range(30)
        ]
        response = as_user(staff_a).get("/contacts/")
        page = list(response.context["page"])
        assert len(page) == 25
        assert page[0] == contacts[0]
        assert response.context["page"].paginator.count == 30
        assert len(list(as_user(staff_a).get("/contacts/?page=2").context["page"])) == 5

    def test_filters_by_rated_and_outcome(self, as_user, staff_a, contact_point):
        rated = RatingFactory(contact__representative=staff_a, contact__contact_point=contact_point).contact
        unresolved = ContactFactory(representative=staff_a, contact_point=contact_point, outcome="unresolved")
        client = as_user(staff_a)
        assert listed_ids(client.get("/contacts/?rated=true")) == {rated.pk}
        assert listed_ids(client.get("/contacts/?rated=false")) == {unresolved.pk}
        assert listed_ids(client.get("/contacts/?outcome=unresolved")) == {unresolved.pk}

    def test_filters_by_period(self, as_user, staff_a, contact_point):
        old = ContactFactory(
            representative=staff_a, contact_point=contact_point, occurred_at=timezone.now() - timedelta(days=40)
        )
        recent = ContactFactory(representative=staff_a, contact_point=contact_point)
        since = (timezone.localdate() - timedelta(days=7)).isoformat()
        response = as_user(staff_a).get(f"/contacts/?date_from={since}")
        assert listed_ids(response) == {recent.pk}
        assert old.pk not in listed_ids(response)

    def test_manager_filters_by_representative(self, as_user, manager_a, staff_a, contact_a, contact_b):
        response = as_user(manager_a).get(f"/contacts/?representative={staff_a.pk}")
        assert listed_ids(response) == {contact_a.pk}

    def test_manager_cannot_filter_on_someone_they_may_not_see(
        self, as_user, manager_a, staff_other, contact_a, contact_other
    ):
        response = as_user(manager_a).get(f"/contacts/?representative={staff_other.pk}")
        assert response.status_code == 200
        assert "representative" in response.context["filter"].form.errors
        assert contact_other.pk not in listed_ids(response)
        assert "Representative: Select a valid choice" in response.content.decode()

    def test_staff_representative_filter_is_not_offered_and_ignored(
        self, as_user, staff_a, staff_b, contact_a, contact_b
    ):
        response = as_user(staff_a).get(f"/contacts/?representative={staff_b.pk}")
        assert listed_ids(response) == {contact_a.pk}
        assert "representative" not in response.context["filter"].form.fields

    def test_unset_filters_read_any(self, as_user, manager_a, contact_a):
        response = as_user(manager_a).get("/contacts/")
        body = response.content.decode()
        assert "Unknown" not in body
        assert "---------" not in body
        form = response.context["filter"].form
        for name in ["channel", "contact_point", "department", "representative", "customer_kind", "rated", "timed"]:
            assert ("", "Any") in [(str(value), label) for value, label in form.fields[name].widget.choices], name

    def test_yes_no_filters_keep_their_value_and_an_unset_one_sends_nothing(self, as_user, staff_a, contact_a):
        response = as_user(staff_a).get("/contacts/?rated=false&commented=")
        assert listed_ids(response) == {contact_a.pk}
        assert '<option value="false" selected>No</option>' in response.content.decode()

    @pytest.mark.parametrize(
        "query", ["date_from=yesterday", "date_to=2026-02-31", "outcome=won", "score=9", "page=abc", "page=99999"]
    )
    def test_bad_filters_never_fail(self, as_user, manager_a, contact_a, query):
        assert as_user(manager_a).get(f"/contacts/?{query}").status_code == 200


class TestContactDetail:
    def test_representative_sees_their_contact(self, as_user, staff_a, contact_a):
        response = as_user(staff_a).get(f"/contacts/{contact_a.pk}/")
        assert response.status_code == 200
        assert "Ana&#x27;s note" in response.content.decode()

    @pytest.mark.parametrize("persona", ["staff_b", "staff_other", "manager_b"])
    def test_others_get_404(self, as_user, request, contact_a, persona):
        assert as_user(request.getfixturevalue(persona)).get(f"/contacts/{contact_a.pk}/").status_code == 404

    @pytest.mark.parametrize("persona", ["manager_a", "admin"])
    def test_manager_of_the_department_and_admin_see_it(self, as_user, request, contact_a, persona):
        assert as_user(request.getfixturevalue(persona)).get(f"/contacts/{contact_a.pk}/").status_code == 200

    def test_anonymous_is_sent_to_login(self, as_user, contact_a):
        assert as_user(None).get(f"/contacts/{contact_a.pk}/").status_code == 302

    @pytest.mark.parametrize(("persona", "name"), [("staff_a", "My contacts"), ("manager_a", "Contacts")])
    def test_the_way_back_to_the_list_has_the_lists_name(self, as_user, request, contact_a, persona, name):
        body = as_user(request.getfixturevalue(persona)).get(f"/contacts/{contact_a.pk}/").content.decode()
        assert f'<li class="breadcrumb-item"><a href="/contacts/">{name}</a></li>' in body

    def test_unknown_contact_is_404(self, as_user, admin):
        assert as_user(admin).get("/contacts/987654/").status_code == 404

    def test_shows_the_rating_and_its_source(self, as_user, staff_a, contact_a):
        RatingFactory(contact=contact_a, score=5, comment="Brilliant", source="staff")
        body = as_user(staff_a).get(f"/contacts/{contact_a.pk}/").content.decode()
        assert "5/5" in body and "Brilliant" in body and "Entered by staff" in body


class TestContactCorrection:
    def test_representative_corrects_outcome_and_notes(self, as_user, staff_a, contact_a):
        response = as_user(staff_a).post(
            f"/contacts/{contact_a.pk}/correct/", {"outcome": "follow_up", "notes": "Call back Monday"}
        )
        assert response.status_code == 302
        contact_a.refresh_from_db()
        assert (contact_a.outcome, contact_a.notes) == ("follow_up", "Call back Monday")

    def test_a_contact_without_a_department_can_be_corrected_too(self, as_user, staff_a, contact_point):
        # Loaded behind the services (an import): the database allows it, the correction must not fail on it.
        contact = ContactFactory(representative=staff_a, contact_point=contact_point, department=None)
        response = as_user(staff_a).post(f"/contacts/{contact.pk}/correct/", {"outcome": "unresolved", "notes": "x"})
        assert response.status_code == 302
        contact.refresh_from_db()
        assert (contact.outcome, contact.department) == ("unresolved", None)

    def test_after_the_window_the_record_stands(self, as_user, staff_a, contact_a):
        Contact.objects.filter(pk=contact_a.pk).update(logged_at=timezone.now() - timedelta(hours=25))
        response = as_user(staff_a).post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "unresolved", "notes": ""})
        assert response.status_code == 403
        contact_a.refresh_from_db()
        assert contact_a.outcome == "resolved"

    @pytest.mark.parametrize("persona", ["staff_b", "staff_other", "manager_b"])
    def test_others_cannot_even_see_it(self, as_user, request, contact_a, persona):
        client = as_user(request.getfixturevalue(persona))
        assert client.post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "unresolved"}).status_code == 404

    @pytest.mark.parametrize("persona", ["manager_a", "admin"])
    def test_managers_and_admins_do_not_rewrite_a_representatives_record(self, as_user, request, contact_a, persona):
        client = as_user(request.getfixturevalue(persona))
        assert client.post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "unresolved"}).status_code == 403
        contact_a.refresh_from_db()
        assert contact_a.outcome == "resolved"

    def test_bad_outcome_shows_an_error_and_changes_nothing(self, as_user, staff_a, contact_a):
        response = as_user(staff_a).post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "won", "notes": "x"})
        assert response.status_code == 200
        assert "outcome" in response.context["form"].errors
        contact_a.refresh_from_db()
        assert (contact_a.outcome, contact_a.notes) == ("resolved", "Ana's note")

    def test_the_rating_cannot_be_changed_through_the_correction(self, as_user, staff_a, contact_a):
        RatingFactory(contact=contact_a, score=2)
        as_user(staff_a).post(f"/contacts/{contact_a.pk}/correct/", {"outcome": "resolved", "notes": "", "score": "5"})
        contact_a.rating.refresh_from_db()
        assert contact_a.rating.score == 2
