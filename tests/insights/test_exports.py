"""CSV exports: the same figures as the pages, the same visibility, and the contact list streamed."""

from __future__ import annotations

import pytest
from django.http import StreamingHttpResponse

from moments.models import Contact
from tests.insights.conftest import log, read_contacts, read_csv

TABLES = [
    "figures",
    "trend",
    "distribution",
    "channels",
    "contact-points",
    "representatives",
    "customer-kinds",
    "departments",
    "moments",
    "comments",
]


def by_name(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in rows}


class TestTableExports:
    @pytest.mark.parametrize("table", TABLES)
    def test_anonymous_is_sent_to_login(self, as_user, table, db):
        assert as_user(None).get(f"/insights/export/{table}.csv").status_code == 302

    @pytest.mark.parametrize("table", [t for t in TABLES if t != "departments"])
    @pytest.mark.parametrize("persona", ["staff_a", "manager_a", "manager_b", "admin"])
    def test_every_table_exports_for_every_persona(self, as_user, figures_data, table, persona, request):
        rows = read_csv(as_user(request.getfixturevalue(persona)).get(f"/insights/export/{table}.csv"))
        assert rows

    def test_unknown_table_is_404(self, as_user, admin):
        assert as_user(admin).get("/insights/export/passwords.csv").status_code == 404

    def test_figures_match_the_page(self, as_user, manager_a, figures_data):
        rows = {row["figure"]: row for row in read_csv(as_user(manager_a).get("/insights/export/figures.csv"))}
        assert rows["contacts"]["value"] == "16.0"
        assert rows["csat"]["value"] == str(round(11 / 14, 4))
        assert rows["csat"]["n"] == "14"
        assert float(rows["csat"]["low"]) < 11 / 14 < float(rows["csat"]["high"])
        assert rows["contacts"]["previous_n"] == "4"

    def test_staff_export_only_their_own_figures(self, as_user, staff_a, figures_data):
        client = as_user(staff_a)
        people = read_csv(client.get("/insights/export/representatives.csv"))
        assert [row["name"] for row in people] == [staff_a.name]
        comments = read_csv(client.get("/insights/export/moments.csv"))
        assert comments and all(row["representative"] == staff_a.name for row in comments)
        assert "Never came" not in str(comments)

    def test_staff_cannot_export_the_department_comparison(self, as_user, staff_a, figures_data):
        assert as_user(staff_a).get("/insights/export/departments.csv").status_code == 404

    def test_manager_exports_only_their_departments(self, as_user, manager_a, manager_b, figures_data, staff_a):
        assert list(by_name(read_csv(as_user(manager_a).get("/insights/export/departments.csv")))) == ["Support"]
        people = by_name(read_csv(as_user(manager_b).get("/insights/export/representatives.csv")))
        assert staff_a.name not in people
        moments = read_csv(as_user(manager_b).get("/insights/export/moments.csv"))
        assert {row["comment"] for row in moments} == {"Never came", ""}

    def test_a_manager_cannot_export_another_persons_figures_by_id(self, as_user, manager_b, staff_a, figures_data):
        response = as_user(manager_b).get(f"/insights/export/contact-points.csv?representative={staff_a.pk}")
        assert response.status_code == 400
        assert "Nothing exported" in response.content.decode()

    def test_rows_carry_every_figure_with_n_and_small_samples_flagged(self, as_user, admin, figures_data, settings):
        settings.INSIGHTS_MIN_SAMPLE = 10
        rows = by_name(read_csv(as_user(admin).get("/insights/export/contact-points.csv")))
        hotline = rows["Support hotline"]
        assert hotline["target_csat"] == "0.85"
        assert (hotline["contacts"], hotline["csat_n"], hotline["csat_too_few"]) == ("15.0", "14", "")
        assert rows["Home visit"]["csat_too_few"] == "yes"

    def test_trend_export_follows_the_period(self, as_user, admin, figures_data):
        rows = read_csv(as_user(admin).get("/insights/export/trend.csv?period=7"))
        assert len(rows) == 7
        assert sum(int(row["contacts"]) for row in rows) == 18

    def test_bad_filters_refuse_the_export_rather_than_widen_it(self, as_user, manager_a, figures_data):
        response = as_user(manager_a).get("/insights/export/figures.csv?date_from=2026-02-30")
        assert response.status_code == 400
        assert "From: Enter a valid date" in response.content.decode()


class TestContactListExport:
    def test_streams_the_filtered_list_of_visible_contacts(self, as_user, manager_a, figures_data):
        response = as_user(manager_a).get("/insights/export/contacts.csv?score=5")
        assert isinstance(response, StreamingHttpResponse)
        rows = read_contacts(response)
        expected = Contact.objects.visible_to(manager_a).filter(rating__score=5)
        assert sorted(int(row["contact"]) for row in rows) == sorted(expected.values_list("pk", flat=True))
        assert {row["score"] for row in rows} == {"5"}

    @pytest.mark.parametrize("persona", ["staff_a", "staff_b", "staff_other", "manager_a", "manager_b", "admin"])
    def test_never_more_than_the_persona_may_see(self, as_user, figures_data, persona, request):
        user = request.getfixturevalue(persona)
        rows = read_contacts(as_user(user).get("/insights/export/contacts.csv"))
        visible = set(Contact.objects.visible_to(user).values_list("pk", flat=True))
        assert {int(row["contact"]) for row in rows} == visible

    @pytest.mark.parametrize("persona", ["staff_a", "staff_b", "staff_other", "manager_a", "manager_b", "admin"])
    def test_a_filter_narrows_what_the_persona_may_see_and_never_widens_it(
        self, as_user, figures_data, persona, request
    ):
        user = request.getfixturevalue(persona)
        rows = read_contacts(as_user(user).get("/insights/export/contacts.csv?score=5"))
        visible = Contact.objects.visible_to(user).filter(rating__score=5)
        assert {int(row["contact"]) for row in rows} == set(visible.values_list("pk", flat=True))

    def test_newest_first_with_readable_columns(self, as_user, staff_a, contact_point):
        log(staff_a, contact_point, days_ago=2, score=4, comment="Fine", duration=12)
        newest = log(staff_a, contact_point, days_ago=1, outcome="unresolved", duration=None)
        rows = read_contacts(as_user(staff_a).get("/insights/export/contacts.csv"))
        assert rows[0]["contact"] == str(newest.pk)
        assert rows[0]["outcome"] == "Unresolved"
        assert rows[0]["score"] == rows[0]["duration_minutes"] == ""
        assert (rows[1]["score"], rows[1]["comment"], rows[1]["duration_minutes"]) == ("4", "Fine", "12")
        assert rows[1]["representative"] == staff_a.name
        assert rows[1]["contact_point"] == "Support hotline"

    def test_spreadsheet_formulas_in_comments_are_neutralised(self, as_user, staff_a, contact_point):
        log(staff_a, contact_point, score=1, comment='=HYPERLINK("http://evil.example","click")')
        rows = read_contacts(as_user(staff_a).get("/insights/export/contacts.csv"))
        assert rows[0]["comment"].startswith("'=")

    def test_a_foreign_representative_filter_is_refused(self, as_user, manager_a, staff_other, figures_data):
        response = as_user(manager_a).get(f"/insights/export/contacts.csv?representative={staff_other.pk}")
        assert response.status_code == 400

    def test_the_contact_list_offers_the_export_of_what_it_shows(self, as_user, manager_a, figures_data):
        content = as_user(manager_a).get("/contacts/?rated=true&score=5").content.decode()
        assert 'href="/insights/export/contacts.csv?rated=true&amp;score=5"' in content
