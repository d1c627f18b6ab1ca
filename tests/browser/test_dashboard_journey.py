import re

import pytest
from playwright.sync_api import expect

from tests.factories import ChannelFactory, ContactPointFactory
from tests.insights.conftest import log

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_manager_narrows_the_overview_to_a_channel_and_drills_down_to_its_contacts(
    page, live_server, login, console_errors, manager_a, staff_a, staff_b, contact_point, department_a
):
    visit = ContactPointFactory(name="Home visit", channel=ChannelFactory(name="Visit"), department=department_a)
    for score in (5, 5, 4, 4, 4, 3, 5, 1, 5, 4, 2):
        log(staff_a, contact_point, score=score, comment="Great help" if score == 5 else "")
    for _ in range(3):
        log(staff_b, visit, score=4)

    login(manager_a.username)
    expect(page).to_have_url(re.compile(r"/insights/$"))
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.locator('canvas[data-chart="trend"]')).to_have_attribute("data-chart-ready", "true")
    expect(page.locator('canvas[data-chart="distribution"]')).to_have_attribute("data-chart-ready", "true")
    expect(page.get_by_test_id("kpi-contacts-value")).to_have_text("14")

    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Channel", exact=True).select_option(label="Phone call")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"channel="))
    expect(page.get_by_test_id("kpi-contacts-value")).to_have_text("11")
    expect(page.get_by_test_id("kpi-csat-value")).to_have_text("73 %")

    page.get_by_test_id("kpi-csat-value").click()
    expect(page).to_have_url(re.compile(r"/contacts/\?.*score=4&score=5"))
    expect(page.get_by_test_id("contact-count")).to_have_text("8 contacts")
    assert console_errors == []


@pytest.mark.parametrize(
    ("language", "legend", "week", "percent"),
    [
        ("th", ["CSAT", "คะแนนประเมินน้อยเกินกว่าจะเปรียบเทียบ", "เป้าหมาย"], "สัปดาห์", r"\d+(\.\d)?%"),
        ("es", ["CSAT", "Muy pocas calificaciones para comparar", "Objetivo"], "Semana", r"\d+(,\d)?\s%"),
    ],
)
def test_the_charts_draw_their_words_in_the_readers_language(
    page, live_server, login, console_errors, manager_a, staff_a, contact_point, language, legend, week, percent
):
    for score in (5, 5, 4, 4, 4, 3, 5, 1, 5, 4, 2):
        log(staff_a, contact_point, score=score)
    login(manager_a.username)
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(f"{live_server.url}/insights/?period=90")
    trend = page.locator('canvas[data-chart="trend"]')
    expect(trend).to_have_attribute("data-chart-ready", "true")
    words = trend.evaluate(
        """canvas => {
            const chart = window.Chart.getChart(canvas);
            const point = chart.data.datasets[0].data.findIndex(value => value !== null);
            const tooltip = chart.options.plugins.tooltip.callbacks.label({
                dataset: chart.data.datasets[0], raw: chart.data.datasets[0].data[point], dataIndex: point
            });
            return {
                legend: chart.data.datasets.map(dataset => dataset.label),
                x: chart.options.scales.x.title.text,
                y: chart.options.scales.y.title.text,
                tooltip: tooltip,
                language: document.documentElement.lang,
            };
        }"""
    )
    assert words["language"] == language
    assert words["legend"] == legend
    assert (words["x"], words["y"]) == (week, "CSAT")
    # The share written as the page's language writes one, with the ratings behind it.
    assert re.fullmatch(rf"CSAT: {percent} \(n = 11\)", words["tooltip"]), words["tooltip"]
    assert console_errors == []
