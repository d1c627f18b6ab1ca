"""The public pages' rate limit: one count for every process, and a completed survey costs one action."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client

from moments.models import Rating
from surveys.models import SurveyInvitation
from surveys.ratelimit import VISIT_REQUESTS
from tests.factories import ContactFactory, SurveyInvitationFactory
from tests.surveys.conftest import STEADY_WINDOW, survey_url

ROOT = Path(__file__).resolve().parents[2]
GUESS = "/r/" + "A" * 43 + "/"

# One worker process of the site: Django set up from the settings, a test
# client, the given number of requests for a link nobody has; prints the statuses.
WORKER = """
import sys
import django
django.setup()
from django.test.utils import setup_test_environment
setup_test_environment()
from django.test import Client
client = Client()
print(" ".join(str(client.get("/r/" + "B" * 43 + "/").status_code) for _ in range(int(sys.argv[1]))))
"""


def _complete_survey(client: Client, invitation: SurveyInvitation) -> list[int]:
    opened = client.get(survey_url(invitation))
    answered = client.post(survey_url(invitation), {"score": "5"})
    thanked = client.get(f"/r/{invitation.token}/thanks/")
    return [opened.status_code, answered.status_code, thanked.status_code]


@pytest.mark.django_db
def test_customers_sharing_one_address_can_each_rate_up_to_the_limit(settings, contact_point):
    settings.SURVEY_RATE_LIMIT = (5, STEADY_WINDOW)
    invitations = [SurveyInvitationFactory(contact=ContactFactory(contact_point=contact_point)) for _ in range(6)]
    shop_wifi = Client(REMOTE_ADDR="198.51.100.7")

    completed = [_complete_survey(shop_wifi, invitation) for invitation in invitations[:5]]
    sixth = shop_wifi.get(survey_url(invitations[5]))

    # Five customers made fifteen requests against a limit of five, and each rated.
    assert completed == [[200, 302, 200]] * 5
    assert Rating.objects.count() == 5
    assert sixth.status_code == 429
    assert int(sixth["Retry-After"]) > 0


@pytest.mark.django_db
def test_guessing_tokens_is_charged_per_request(settings):
    settings.SURVEY_RATE_LIMIT = (3, STEADY_WINDOW)
    client = Client()

    statuses = [client.get(GUESS).status_code for _ in range(4)]

    assert statuses == [404, 404, 404, 429]


@pytest.mark.django_db
def test_submissions_that_record_nothing_are_charged_each(settings, invitation, contact_point):
    settings.SURVEY_RATE_LIMIT = (3, STEADY_WINDOW)
    other = SurveyInvitationFactory(contact=ContactFactory(contact_point=contact_point))
    client = Client()

    opened = client.get(survey_url(invitation))
    bad = [client.post(survey_url(invitation), {"score": "9"}).status_code for _ in range(2)]
    another_customer = client.get(survey_url(other))
    corrected = client.post(survey_url(invitation), {"score": "4"})

    assert (opened.status_code, bad) == (200, [400, 400])
    assert another_customer.status_code == 429  # one visit and two failed posts spent the three actions
    assert corrected.status_code == 302  # the visit itself was paid for
    assert Rating.objects.get().contact == invitation.contact


@pytest.mark.django_db
def test_failed_submissions_on_a_known_link_are_bounded_too(settings, invitation):
    settings.SURVEY_RATE_LIMIT = (1, STEADY_WINDOW)
    client = Client()
    client.get(survey_url(invitation))

    statuses = [client.post(survey_url(invitation), {"score": "9"}).status_code for _ in range(VISIT_REQUESTS)]

    assert statuses == [400] * (VISIT_REQUESTS - 1) + [429]
    assert not Rating.objects.exists()


@pytest.mark.django_db
def test_a_customer_whose_visit_is_paid_reaches_the_thanks_page_when_the_address_is_spent(
    settings, invitation, contact_point
):
    settings.SURVEY_RATE_LIMIT = (2, STEADY_WINDOW)
    other = SurveyInvitationFactory(contact=ContactFactory(contact_point=contact_point))
    client = Client()
    assert client.get(survey_url(invitation)).status_code == 200
    assert client.get(GUESS).status_code == 404  # someone on the same address guesses: the limit is spent

    answered = client.post(survey_url(invitation), {"score": "4"})
    thanked = client.get(answered["Location"])
    another_link = client.get(survey_url(other))

    assert (answered.status_code, thanked.status_code) == (302, 200)
    assert another_link.status_code == 429


@pytest.mark.django_db
def test_one_known_link_does_not_buy_unlimited_requests(settings, invitation):
    settings.SURVEY_RATE_LIMIT = (1, STEADY_WINDOW)
    client = Client()

    statuses = [client.get(survey_url(invitation)).status_code for _ in range(VISIT_REQUESTS + 1)]

    assert statuses == [200] * VISIT_REQUESTS + [429]


def test_two_worker_processes_share_one_limit(tmp_path: Path):
    """Two real processes on a freshly migrated database: the second finds the first one's count."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}} | {
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "SURVEY_RATE_LIMIT_REQUESTS": "4",
        "SURVEY_RATE_LIMIT_WINDOW_SECONDS": str(STEADY_WINDOW),
    }

    def run(*args: str) -> str:
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip()

    run("manage.py", "migrate", "--no-input", "-v", "0")  # no createcachetable: migrate alone must do
    first_worker = run("-c", WORKER, "3")
    second_worker = run("-c", WORKER, "3")

    assert first_worker == "404 404 404"
    assert second_worker == "404 429 429"


@pytest.mark.django_db
def test_the_database_cache_counts_and_forgets_like_any_cache():
    with pytest.raises(ValueError):
        cache.incr("never-set")
    cache.set("counter", 5)
    cache.set("gone", 1, timeout=-1)

    assert cache.incr("counter") == 6
    assert cache.incr("counter", 4) == 10
    assert cache.decr("counter", 3) == 7
    assert cache.get("counter") == 7
    with pytest.raises(ValueError):
        cache.incr("gone")


@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_increments_from_many_connections_at_once_are_never_lost():
    cache.set("hammered", 0, timeout=600)
    threads_count, each = 8, 25
    start = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def hammer() -> None:
        try:
            start.wait()
            for _ in range(each):
                caches["default"].incr("hammered")
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hammer) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert cache.get("hammered") == threads_count * each
