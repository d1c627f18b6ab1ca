"""The dashboards in Spanish and Thai: no English left, dates and numbers their way, weeks from their first day."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from django.http import QueryDict
from django.utils import translation

from accounts.models import Department, User
from insights.filters import dashboard_filters
from insights.selectors import trend
from moments.models import Channel, Contact, ContactPoint, Customer, Rating
from tests.insights.conftest import log
from tests.untranslated import english_on_page

TODAY = date(2026, 4, 21)
MAIN = re.compile(r'<main[^>]*id="main"[^>]*>(.*)</main>', re.DOTALL)
THAI = {"headers": {"accept-language": "th"}}
CHART_LABELS = re.compile(r'<script id="chart-labels" type="application/json">(.*?)</script>', re.DOTALL)


def dashboard_urls(contact_point: ContactPoint, person: User) -> list[str]:
    """Every dashboard page, with the states that show more words: a narrow period, a filter refused, page 2."""
    return [
        "/insights/",
        "/insights/?period=90",
        f"/insights/channels/{contact_point.channel_id}/",
        f"/insights/contact-points/{contact_point.pk}/",
        f"/insights/representatives/{person.pk}/",
        "/insights/departments/",
        "/insights/moments/",
        "/insights/moments/?score=1&commented=on&page=2",
        "/insights/?date_from=2026-03-10&date_to=2026-03-01",
        "/insights/?date_from=2000-01-01&date_to=2026-03-01",
    ]


def data_words() -> list[str]:
    """What the tests created (names, comments, purposes) and what moments translates (its choices), as shown."""
    words: list[str] = []
    words += Department.objects.values_list("name", flat=True)
    for channel in Channel.objects.all():
        words += [channel.name, channel.description]
    for point in ContactPoint.objects.all():
        words += [point.name, point.purpose, *point.standard_items]
    words += [person.name for person in User.objects.all()]
    words += Customer.objects.values_list("name", flat=True)
    words += Rating.objects.values_list("comment", flat=True)
    # The lower floor's own words, in the language active now: its test checks them.
    words += [str(label) for _, label in [*Customer.Kind.choices, *Contact.Outcome.choices]]
    words += [str(label) for label in Rating.SCALE.values()]
    return words


def main_of(html: str) -> str:
    """The page's own part: the navigation around it belongs to the pages' layout, checked with it."""
    found = MAIN.search(html)
    assert found, "no <main> on the page"
    return found.group(1)


class TestThai:
    @pytest.mark.parametrize("persona", ["manager_a", "staff_a"])
    def test_no_english_on_any_dashboard(self, request, as_user, persona, figures_data, contact_point):
        user = request.getfixturevalue(persona)
        client = as_user(user)
        for url in dashboard_urls(contact_point, user):
            if url.startswith("/insights/departments/") and not user.sees_others:
                continue
            response = client.get(url, headers={"accept-language": "th"})
            assert response.status_code == 200, url
            with translation.override("th"):
                english = english_on_page(main_of(response.content.decode()), data=data_words())
            assert english == [], f"{url}: {english}"

    def test_the_staff_filter_refusal_is_in_thai(self, as_user, staff_a, department_b, figures_data):
        response = as_user(staff_a).get(f"/insights/?department={department_b.pk}", headers={"accept-language": "th"})
        assert "คุณดูได้เฉพาะตัวเลขของตัวเอง จึงไม่ใช้ตัวกรองแผนก" in response.content.decode()

    def test_a_refused_export_says_why_in_thai(self, as_user, manager_a, figures_data):
        response = as_user(manager_a).get(
            "/insights/export/trend.csv?date_from=2026-03-10&date_to=2026-03-01", headers={"accept-language": "th"}
        )
        assert response.status_code == 400
        text = response.content.decode()
        assert text.startswith("ไม่ได้ส่งออกข้อมูล")
        assert english_on_page(text) == []

    def test_the_charts_words_are_thai(self, as_user, manager_a, figures_data):
        response = as_user(manager_a).get("/insights/?period=90", headers={"accept-language": "th"})
        labels = json.loads(CHART_LABELS.search(response.content.decode()).group(1))
        assert labels == {
            "csat": "CSAT",
            "thin": "คะแนนประเมินน้อยเกินกว่าจะเปรียบเทียบ",
            "target": "เป้าหมาย",
            "ratings": "คะแนนประเมิน",
            "interval": "ช่วงความเชื่อมั่น 95%",
            "score": "คะแนน",
            "bucket": "สัปดาห์",
            "n": "n = %(n)s",
        }
        # The axis under the trend: Thai month names.
        assert all(re.search(r"[\u0e00-\u0e7f]", label) for label in response.context["trend_chart"]["labels"])

    def test_numbers_and_dates_are_thai(self, as_user, manager_a, staff_a, contact_point):
        log(staff_a, contact_point, when=datetime(2026, 3, 4, 9, 30, tzinfo=UTC), score=5, comment="ดีมาก")
        response = as_user(manager_a).get(
            "/insights/moments/?date_from=2026-03-01&date_to=2026-03-31", headers={"accept-language": "th"}
        )
        content = response.content.decode()
        assert "1 มี.ค. – 31 มี.ค. 2569" in content  # the period, in the Buddhist Era
        assert "4 มี.ค. 2569" in content  # the moment's date

    def test_the_buddhist_era_can_be_turned_off(self, as_user, manager_a, settings, figures_data):
        settings.THAI_BUDDHIST_ERA = False
        response = as_user(manager_a).get("/insights/?date_from=2026-03-01&date_to=2026-03-31", **THAI)
        assert "1 มี.ค. – 31 มี.ค. 2026" in response.content.decode()


class TestSpanish:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("/insights/", ["Resumen", "Tendencia", "Exportar CSV", "Canales lado a lado", "Puntos de contacto"]),
            ("/insights/?period=90", ["CSAT por semana", "Últimos 90 días", "Semana"]),
            ("/insights/departments/", ["Comparación de departamentos", "Cifras por departamento"]),
            ("/insights/moments/", ["Momentos memorables", "Solo con comentario", "Mostrar"]),
        ],
    )
    def test_key_strings_are_spanish(self, as_user, manager_a, figures_data, url, expected):
        content = as_user(manager_a).get(url, headers={"accept-language": "es"}).content.decode()
        for text in expected:
            assert text in content, text
        assert "Export CSV" not in content

    def test_pages_of_one_contact_point_and_one_person(self, as_user, manager_a, staff_a, figures_data, contact_point):
        client = as_user(manager_a)
        point = client.get(f"/insights/contact-points/{contact_point.pk}/", headers={"accept-language": "es"})
        assert "Estándar de servicio" in point.content.decode()
        assert "Cifras por representante" in point.content.decode()
        person = client.get(f"/insights/representatives/{staff_a.pk}/", headers={"accept-language": "es"})
        assert "Comentarios de los clientes" in person.content.decode()

    def test_numbers_use_the_spanish_decimal_comma(self, as_user, manager_a, figures_data):
        response = as_user(manager_a).get("/insights/", headers={"accept-language": "es"})
        average = next(card for card in response.context["kpis"] if card.spec.key == "average_score")
        assert average.comparison.current.display == "4,07"
        assert "4,07" in response.content.decode()


def read(query: str, user: User) -> object:
    return dashboard_filters(QueryDict(query), user, today=TODAY)


class TestPeriodLabels:
    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            ("en-gb", "Last 30 days (23 Mar – 21 Apr 2026)"),
            ("es", "Últimos 30 días (23 Mar – 21 Abr 2026)"),
            ("th", "30 วันที่ผ่านมา (23 มี.ค. – 21 เม.ย. 2569)"),
        ],
    )
    def test_a_named_period(self, manager_a, language, expected):
        with translation.override(language):
            assert read("period=30", manager_a).label == expected

    @pytest.mark.parametrize(
        ("language", "expected"),
        [
            ("en-gb", "30 Dec 2025 – 2 Jan 2026"),
            ("es", "30 Dic 2025 – 2 Ene 2026"),
            ("th", "30 ธ.ค. 2568 – 2 ม.ค. 2569"),
        ],
    )
    def test_custom_dates_across_a_new_year(self, manager_a, language, expected):
        with translation.override(language):
            assert read("date_from=2025-12-30&date_to=2026-01-02", manager_a).label == expected

    def test_thai_in_the_common_era_when_the_organisation_prefers(self, manager_a, settings):
        settings.THAI_BUDDHIST_ERA = False
        with translation.override("th"):
            assert read("period=30", manager_a).label == "30 วันที่ผ่านมา (23 มี.ค. – 21 เม.ย. 2026)"

    @pytest.mark.parametrize(
        ("language", "expected"),
        [("en-gb", "30 Mar – 5 Apr"), ("es", "30 Mar – 5 Abr"), ("th", "29 มี.ค. – 4 เม.ย.")],
    )
    def test_a_weeks_label_on_the_trend(self, admin, language, expected):
        # From Monday in English and Spanish, from Sunday in Thai: the second week of the period.
        with translation.override(language):
            points = trend(admin, dashboard_filters(QueryDict("date_from=2026-03-23&date_to=2026-04-30"), admin))
            assert points[1].label == expected


class TestWeekStart:
    @pytest.mark.parametrize(("language", "weekday"), [("en-gb", 0), ("es", 0), ("th", 6)])
    def test_the_trend_table_starts_weeks_on_the_languages_first_day(self, as_user, manager_a, language, weekday):
        response = as_user(manager_a).get("/insights/?period=90", headers={"accept-language": language})
        starts = [row["point"].start for row in response.context["trend"][1:]]
        assert starts and all(start.weekday() == weekday for start in starts)
