"""The dashboard pages per persona: who sees what, drill-downs that match, bad input, fixed query counts."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ChannelFactory, ContactPointFactory, UserFactory
from tests.insights.conftest import log

PAGES = ["overview", "channel", "contact_point", "representative", "departments", "moments"]


def page_url(page: str, *, channel=None, contact_point=None, representative=None) -> str:
    return {
        "overview": "/insights/",
        "channel": f"/insights/channels/{channel.pk if channel else 0}/",
        "contact_point": f"/insights/contact-points/{contact_point.pk if contact_point else 0}/",
        "representative": f"/insights/representatives/{representative.pk if representative else 0}/",
        "departments": "/insights/departments/",
        "moments": "/insights/moments/",
    }[page]


def listed_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def kpi(response, key: str):
    return next(card for card in response.context["kpis"] if card.comparison.current.key == key)


class TestAccess:
    @pytest.mark.parametrize("page_name", PAGES)
    def test_anonymous_is_sent_to_login(self, as_user, figures_data, contact_point, staff_a, page_name):
        url = page_url(page_name, channel=contact_point.channel, contact_point=contact_point, representative=staff_a)
        response = as_user(None).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")

    def test_staff_overview_holds_only_their_own_figures(self, as_user, staff_a, figures_data):
        response = as_user(staff_a).get("/insights/")
        assert response.status_code == 200
        assert kpi(response, "contacts").comparison.current.value == 13
        content = response.content.decode()
        assert "Never came" not in content  # Olga's customer
        assert "Bruno" not in content
        assert "your own contacts" in content

    def test_staff_open_their_own_representative_page(self, as_user, staff_a, figures_data):
        response = as_user(staff_a).get(f"/insights/representatives/{staff_a.pk}/")
        assert response.status_code == 200
        assert kpi(response, "ratings").comparison.current.value == 12
        assert "Lovely" in response.content.decode()

    @pytest.mark.parametrize("other", ["staff_b", "staff_other", "manager_a", "admin"])
    def test_staff_get_404_for_anyone_elses_representative_page(self, as_user, staff_a, figures_data, other, request):
        person = request.getfixturevalue(other)
        assert as_user(staff_a).get(f"/insights/representatives/{person.pk}/").status_code == 404

    def test_staff_get_404_for_the_department_comparison(self, as_user, staff_a, figures_data):
        assert as_user(staff_a).get("/insights/departments/").status_code == 404

    def test_staff_contact_point_page_shows_only_themselves(self, as_user, staff_a, figures_data, contact_point):
        response = as_user(staff_a).get(f"/insights/contact-points/{contact_point.pk}/")
        assert [row.label for row in response.context["representatives"]] == [staff_a.name]
        assert "Bruno" not in response.content.decode()

    def test_staff_memorable_moments_are_their_own(self, as_user, staff_a, figures_data):
        response = as_user(staff_a).get("/insights/moments/")
        assert {contact.representative_id for contact in response.context["moments"]} == {staff_a.pk}

    def test_manager_sees_their_departments_people(self, as_user, manager_a, staff_a, staff_b, figures_data):
        client = as_user(manager_a)
        assert kpi(client.get("/insights/"), "contacts").comparison.current.value == 16
        assert client.get(f"/insights/representatives/{staff_a.pk}/").status_code == 200
        assert client.get(f"/insights/representatives/{staff_b.pk}/").status_code == 200

    def test_manager_gets_404_for_another_departments_person(self, as_user, manager_a, staff_other, figures_data):
        assert as_user(manager_a).get(f"/insights/representatives/{staff_other.pk}/").status_code == 404

    def test_manager_of_another_department_sees_none_of_ours(
        self, as_user, manager_b, staff_a, figures_data, contact_point, department_a
    ):
        client = as_user(manager_b)
        assert client.get(f"/insights/representatives/{staff_a.pk}/").status_code == 404
        overview = client.get("/insights/")
        assert kpi(overview, "contacts").comparison.current.value == 2
        assert "Lovely" not in overview.content.decode()
        point = client.get(f"/insights/contact-points/{contact_point.pk}/")
        assert point.status_code == 200  # the contact point is configuration; the figures are theirs only
        assert point.context["representatives"] == []
        departments = client.get("/insights/departments/")
        assert [row.label for row in departments.context["departments"]] == ["Billing"]
        assert client.get(f"/insights/?department={department_a.pk}").context["filters"].department is None

    def test_manager_compares_only_the_departments_they_manage(self, as_user, manager_a, figures_data):
        response = as_user(manager_a).get("/insights/departments/")
        assert [row.label for row in response.context["departments"]] == ["Support"]
        assert "Billing" not in response.content.decode().split("<main")[1].split("Departments compared")[1]

    def test_admin_sees_every_department_and_person(self, as_user, admin, staff_other, figures_data):
        client = as_user(admin)
        assert [row.label for row in client.get("/insights/departments/").context["departments"]] == [
            "Billing",
            "Support",
        ]
        assert client.get(f"/insights/representatives/{staff_other.pk}/").status_code == 200
        assert kpi(client.get("/insights/"), "contacts").comparison.current.value == 18

    def test_unknown_objects_are_404(self, as_user, admin, figures_data):
        client = as_user(admin)
        assert client.get("/insights/channels/999999/").status_code == 404
        assert client.get("/insights/contact-points/999999/").status_code == 404
        assert client.get("/insights/representatives/999999/").status_code == 404


class TestDrillDown:
    """Every number links to the contact list filtered to exactly the contacts behind it."""

    @pytest.mark.parametrize("persona", ["staff_a", "manager_a", "manager_b", "admin"])
    def test_headline_figures_match_their_contact_lists(self, as_user, figures_data, persona, request):
        client = as_user(request.getfixturevalue(persona))
        response = client.get("/insights/")
        checked = 0
        for card in response.context["kpis"]:
            current, previous = card.comparison.current, card.comparison.previous
            if card.url is None:
                assert current.key == "response_rate"
                continue
            if current.spec.kind != "mean":
                assert listed_count(client, card.url) == current.numerator, current.key
                assert listed_count(client, card.previous_url) == previous.numerator, current.key
            assert listed_count(client, card.n_url) == current.n, current.key
            checked += 1
        assert checked == 8

    def test_table_rows_match_their_contact_lists(self, as_user, admin, figures_data):
        client = as_user(admin)
        response = client.get("/insights/")
        rows = response.context["channels"] + response.context["contact_points"]
        for row in rows:
            links = row.details["links"]
            assert listed_count(client, links["contacts"]) == row.counts.contacts
            assert listed_count(client, links["ratings"]) == row.counts.ratings
            assert listed_count(client, links["csat"]) == row.counts.satisfied
            assert listed_count(client, links["share_1"]) == row.counts.count_of(1)
            assert listed_count(client, links["unresolved_referred"]) == row.counts.unresolved + row.counts.referred
            assert listed_count(client, row.details["n_links"]["handling_minutes"]) == row.counts.timed_contacts

    def test_trend_buckets_and_scores_match(self, as_user, manager_a, figures_data):
        client = as_user(manager_a)
        response = client.get("/insights/?period=7")
        for row in response.context["trend"]:
            assert listed_count(client, row["contacts_url"]) == row["point"].counts.contacts
            assert listed_count(client, row["satisfied_url"]) == row["point"].counts.satisfied
        for row in response.context["distribution"]:
            assert listed_count(client, row["url"]) == row["count"]

    def test_trend_buckets_across_a_dst_change_match_the_contact_list(self, as_user, admin, staff_a, contact_point):
        # Around midnight on both sides of 29 March 2026, when Madrid moves from UTC+1 to UTC+2.
        for moment in [
            datetime(2026, 3, 28, 22, 30, tzinfo=UTC),  # 23:30 on the 28th
            datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # 00:30 on the 29th
            datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # 03:30 on the 29th
            datetime(2026, 3, 29, 21, 30, tzinfo=UTC),  # 23:30 on the 29th
            datetime(2026, 3, 29, 22, 30, tzinfo=UTC),  # 00:30 on the 30th
        ]:
            log(staff_a, contact_point, when=moment, score=5)
        client = as_user(admin)
        response = client.get("/insights/?date_from=2026-03-27&date_to=2026-03-30")
        counts = [row["point"].counts.contacts for row in response.context["trend"]]
        assert counts == [0, 1, 3, 1]
        for row in response.context["trend"]:
            assert listed_count(client, row["contacts_url"]) == row["point"].counts.contacts

    def test_representative_and_department_pages_match(self, as_user, manager_a, staff_a, figures_data):
        client = as_user(manager_a)
        page = client.get(f"/insights/representatives/{staff_a.pk}/")
        assert listed_count(client, kpi(page, "contacts").url) == 13
        for row in page.context["contact_points"]:
            assert listed_count(client, row.details["links"]["ratings"]) == row.counts.ratings
        for row in client.get("/insights/departments/").context["departments"]:
            assert listed_count(client, row.details["links"]["csat"]) == row.counts.satisfied

    def test_staff_representative_rows_lead_to_their_own_list(self, as_user, staff_a, figures_data, contact_point):
        client = as_user(staff_a)
        response = client.get(f"/insights/contact-points/{contact_point.pk}/")
        (row,) = response.context["representatives"]
        assert listed_count(client, row.details["links"]["contacts"]) == row.counts.contacts == 12

    def test_memorable_moment_totals_match(self, as_user, manager_a, figures_data):
        client = as_user(manager_a)
        for total in client.get("/insights/moments/").context["totals"]:
            assert listed_count(client, total["url"]) == total["count"]


class TestBadInput:
    @pytest.mark.parametrize(
        "query",
        [
            "period=custom&date_from=2026-02-31",
            "date_from=2026-03-10&date_to=2026-03-01",
            "date_from=99999-01-01",
            "department=abc&channel=-4&contact_point=1e9&representative=%27",
            "customer_kind=%3Cscript%3E",
            "period=%00",
        ],
    )
    @pytest.mark.parametrize("page_name", ["overview", "departments", "moments"])
    def test_a_clear_message_and_never_a_500(self, as_user, manager_a, figures_data, query, page_name):
        response = as_user(manager_a).get(f"{page_url(page_name)}?{query}")
        assert response.status_code == 200
        assert response.context["filters"].problems
        assert 'data-testid="filter-problem"' in response.content.decode()
        assert "<script>" not in response.content.decode().replace('<script src="', "")

    def test_a_foreign_department_shows_our_figures_not_theirs(self, as_user, manager_a, department_b, figures_data):
        response = as_user(manager_a).get(f"/insights/?department={department_b.pk}")
        assert kpi(response, "contacts").comparison.current.value == 16
        assert "Department: is unknown or not one you can see" in response.content.decode()

    def test_moments_page_numbers(self, as_user, manager_a, figures_data):
        client = as_user(manager_a)
        response = client.get("/insights/moments/?page=0&score=7")
        assert response.status_code == 200
        assert len(response.context["filters"].problems) == 2
        assert client.get("/insights/moments/?page=99").context["moments"] == []

    def test_a_page_number_past_any_offset_is_dropped_with_a_message(self, as_user, manager_a, figures_data):
        response = as_user(manager_a).get("/insights/moments/?page=99999999999999999999")
        assert response.status_code == 200
        assert response.context["page_number"] == 1
        assert any(problem.startswith("Page:") for problem in response.context["filters"].problems)

    def test_moments_filters(self, as_user, manager_a, figures_data):
        client = as_user(manager_a)
        assert {c.rating.score for c in client.get("/insights/moments/?score=1").context["moments"]} == {1}
        commented = client.get("/insights/moments/?commented=on").context["moments"]
        assert all(contact.rating.comment for contact in commented)


class TestPageShape:
    def test_charts_get_their_data_from_json_script_and_have_tables(self, as_user, manager_a, figures_data):
        content = as_user(manager_a).get("/insights/").content.decode()
        for chart in ("trend-data", "distribution-data", "channels-data"):
            assert f'<script id="{chart}" type="application/json">' in content
        scripts = re.findall(r"<script[^>]*>", content)
        assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)
        assert 'style="' not in content
        assert content.count("<canvas") == content.count("<table") - 1  # + the contact point table

    def test_small_samples_are_greyed_with_their_n(self, as_user, manager_a, figures_data, staff_b):
        response = as_user(manager_a).get(f"/insights/representatives/{staff_b.pk}/")
        assert "n = 2, too few to compare" in response.content.decode()
        assert kpi(response, "csat").comparison.current.small_sample

    def test_home_sends_managers_and_admins_to_the_overview(self, as_user, manager_a, admin, staff_a):
        assert as_user(manager_a).get("/")["Location"] == "/insights/"
        assert as_user(admin).get("/")["Location"] == "/insights/"
        assert as_user(staff_a).get("/")["Location"] == "/log/"

    def test_everyone_logged_in_finds_the_dashboards_in_the_menu(self, as_user, staff_a):
        assert 'href="/insights/">Dashboards</a>' in as_user(staff_a).get("/log/").content.decode()


def grow(department_a, department_b, contact_point, visit_point, staff_a, staff_b, staff_other):
    """Ten times the data: more people, channels and contact points, months of contacts."""
    people = [staff_a, staff_b, staff_other] + [
        UserFactory(username=f"extra{i}", department=department_a if i % 2 else department_b) for i in range(6)
    ]
    points = [contact_point, visit_point] + [
        ContactPointFactory(channel=ChannelFactory(name=f"Extra channel {i}"), department=department_a)
        for i in range(4)
    ]
    for i in range(150):
        log(people[i % len(people)], points[i % len(points)], days_ago=i % 95, score=(i % 5) + 1, comment="x")


class TestFixedQueryCounts:
    @pytest.mark.parametrize("persona", ["manager_a", "admin"])
    @pytest.mark.parametrize("page_name", PAGES)
    def test_same_number_of_queries_on_small_and_larger_data(
        self,
        as_user,
        persona,
        page_name,
        request,
        figures_data,
        django_assert_num_queries,
        department_a,
        department_b,
        contact_point,
        visit_point,
        staff_a,
        staff_b,
        staff_other,
    ):
        client = as_user(request.getfixturevalue(persona))
        url = page_url(page_name, channel=contact_point.channel, contact_point=contact_point, representative=staff_a)
        url += "?period=90"
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        assert len(small) <= 16, "\n".join(q["sql"][:150] for q in small.captured_queries)
        grow(department_a, department_b, contact_point, visit_point, staff_a, staff_b, staff_other)
        with django_assert_num_queries(len(small)):
            assert client.get(url).status_code == 200
