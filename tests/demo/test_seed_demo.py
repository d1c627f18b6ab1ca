from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Avg, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Department, User
from demo import data
from demo.management.commands.seed_demo import _flush_demo_data
from moments.models import Channel, Contact, ContactDayRollup, ContactPoint, Customer, Rating, RatingMethod
from surveys.models import TOKEN_LENGTH, SurveyInvitation, is_well_formed_token
from surveys.services import KIOSK_LIFETIME
from tests.factories import AdminFactory, ContactFactory

pytestmark = pytest.mark.django_db

# A fixed end of the demo period, so that two runs can be compared exactly.
NOW = "2026-03-31T18:00:00+02:00"
SMALL = 300


def seed(contacts: int = SMALL, **options: object) -> str:
    out = StringIO()
    call_command("seed_demo", contacts=contacts, now=NOW, stdout=out, **options)
    return out.getvalue()


def story() -> list[tuple[object, ...]]:
    """What a dashboard would show of a run: who handled which contact point, how it was asked, the score."""
    return list(
        Contact.objects.order_by("occurred_at", "id").values_list(
            "contact_point__name",
            "representative__username",
            "rating__score",
            "survey_invitation__method",
            "survey_invitation__token",
            "survey_invitation__first_opened_at",
            "survey_invitation__answered_at",
        )
    )


def table_counts() -> dict[str, int]:
    return {
        "contacts": Contact.objects.count(),
        "ratings": Rating.objects.count(),
        "survey invitations": SurveyInvitation.objects.count(),
        "customers": Customer.objects.count(),
        "contact points": ContactPoint.objects.count(),
        "users": User.objects.count(),
        "departments": Department.objects.count(),
    }


def test_creates_the_five_departments_and_contact_points_with_standards_and_targets() -> None:
    seed()

    assert sorted(Department.objects.values_list("name", flat=True)) == sorted(data.DEPARTMENTS)
    points = ContactPoint.objects.all()
    assert points.count() == len(data.CONTACT_POINTS)
    for point in points:
        assert 3 <= len(point.standard_items) <= 5, point.name
        assert 70 <= point.target_csat <= 90, point.name
        assert point.purpose
    # Every department owns contact points, and every channel is used.
    assert set(points.values_list("department__name", flat=True)) == set(data.DEPARTMENTS)
    assert points.values("channel").distinct().count() == len(data.CHANNEL_PROFILES)
    helpline = ContactPoint.objects.get(name="Technical helpline")
    assert (helpline.department.name, helpline.channel.name) == ("Support", "Phone call")


def test_reuses_the_channels_the_database_starts_with() -> None:
    channels_before = set(Channel.objects.values_list("pk", "name"))

    seed()

    assert set(Channel.objects.values_list("pk", "name")) == channels_before


def test_a_retired_contact_point_keeps_its_history() -> None:
    seed()

    retired = ContactPoint.objects.get(is_active=False)
    assert retired.contacts.exists()
    assert ContactPoint.objects.active().count() == len(data.CONTACT_POINTS) - 1
    # Nothing was logged there after it closed.
    closed_at = datetime.fromisoformat(NOW) - timedelta(days=retired_days_ago(retired.name))
    assert not retired.contacts.filter(occurred_at__gte=closed_at).exists()


def retired_days_ago(name: str) -> int:
    return next(spec.retired_days_ago for spec in data.CONTACT_POINTS if spec.name == name)


def test_creates_the_demo_logins_with_their_roles() -> None:
    seed()

    admin = User.objects.get(username="admin")
    assert admin.role == User.Role.ADMIN and admin.is_staff and admin.is_superuser
    manager = User.objects.get(username="manager")
    assert manager.role == User.Role.MANAGER
    assert set(manager.managed_departments.values_list("name", flat=True)) == {"Support", "Field service"}
    staff = User.objects.get(username="staff")
    assert staff.role == User.Role.STAFF and staff.department.name == "Support"
    for user in (admin, manager, staff):
        assert user.check_password("demo")
    # Every department has a manager and about six representatives.
    for department in Department.objects.all():
        assert department.managers.exists(), department.name
        assert department.members.filter(role=User.Role.STAFF).count() >= 5, department.name
    assert User.objects.filter(role=User.Role.STAFF).count() == len(data.REPRESENTATIVES)
    assert not User.objects.filter(display_name="").exists()


def test_prints_the_logins_and_the_counts() -> None:
    out = seed()

    for login in ("admin   / demo", "manager / demo", "staff   / demo", "Support and Field service"):
        assert login in out
    assert f"{SMALL:,} contacts" in out


def test_customers_are_mostly_current_with_unique_references_and_example_addresses() -> None:
    seed()

    customers = Customer.objects.all()
    assert customers.count() >= 200
    prospects = customers.filter(kind=Customer.Kind.PROSPECT).count()
    assert 0.15 < prospects / customers.count() < 0.35
    assert customers.exclude(email="").count() > customers.count() / 2
    domains = {email.rsplit("@", 1)[1] for email in customers.exclude(email="").values_list("email", flat=True)}
    assert domains <= {"example.com", "example.org"}
    references = list(customers.exclude(external_ref="").values_list("external_ref", flat=True))
    assert references and len(references) == len(set(references))


def test_contacts_carry_the_snapshots_the_logging_service_takes() -> None:
    seed()

    contacts = Contact.objects.all()
    assert contacts.count() == SMALL
    assert not contacts.exclude(channel=F("contact_point__channel")).exists()
    assert not contacts.exclude(department=F("representative__department")).exists()
    assert not contacts.exclude(customer_kind=F("customer__kind")).exists()
    assert not contacts.exclude(logged_by=F("representative")).exists()
    assert not contacts.filter(representative__role=User.Role.ADMIN).exists()
    # Logged a few minutes after the contact ended, not at the time of the seeding.
    assert not contacts.filter(logged_at__lte=F("occurred_at")).exists()
    assert not contacts.filter(logged_at__gt=F("occurred_at") + timedelta(hours=3)).exists()
    now = datetime.fromisoformat(NOW)
    assert not contacts.filter(Q(occurred_at__gt=now) | Q(occurred_at__lt=now - timedelta(days=190))).exists()
    assert not contacts.filter(duration_minutes__isnull=True).exists()
    # Mostly the contact point's own department, sometimes another one.
    own = contacts.filter(department=F("contact_point__department")).count()
    assert SMALL * 0.7 < own < SMALL


def test_ratings_are_on_the_scale_and_at_most_one_per_contact() -> None:
    seed()

    ratings = Rating.objects.all()
    # Most contacts are asked by e-mail, which about a third of customers answer.
    assert 0.3 * SMALL < ratings.count() < 0.6 * SMALL
    assert not ratings.filter(Q(score__lt=1) | Q(score__gt=5)).exists()
    assert not Contact.objects.annotate(n=Count("rating")).filter(n__gt=1).exists()
    assert not ratings.filter(submitted_at__lt=F("contact__logged_at")).exists()
    assert not ratings.filter(submitted_at__gt=datetime.fromisoformat(NOW)).exists()
    sources = dict(ratings.values_list("source").annotate(n=Count("id")))
    assert sources[Rating.Source.LINK] == max(sources.values())
    assert not ratings.filter(source=Rating.Source.KIOSK).exclude(contact__channel__name="In-store").exists()
    assert not ratings.filter(source=Rating.Source.STAFF, entered_by__isnull=True).exists()
    kiosk = ratings.filter(source=Rating.Source.KIOSK)
    assert not kiosk.exclude(submitted_by=F("contact__representative")).exists()
    assert ratings.exclude(comment="").filter(score__in=[1, 5]).exists()


def test_the_dashboards_daily_rollup_matches_the_seeded_contacts() -> None:
    seed()

    totals = ContactDayRollup.objects.aggregate(
        contacts=Sum("contacts"), rated=Sum(F("score_1") + F("score_2") + F("score_3") + F("score_4") + F("score_5"))
    )
    assert totals == {"contacts": Contact.objects.count(), "rated": Rating.objects.count()}


def test_the_same_seed_gives_the_same_data() -> None:
    seed(seed=7)
    first = story()

    seed(seed=7, flush=True)

    assert story() == first


def test_another_seed_gives_other_data() -> None:
    seed(seed=7)
    first = story()

    seed(seed=8, flush=True)

    assert story() != first


def test_representatives_and_contact_points_are_perceived_differently() -> None:
    seed(contacts=2000)

    per_person = (
        Rating.objects.values("contact__representative").annotate(n=Count("id"), average=Avg("score")).filter(n__gte=20)
    )
    averages = [row["average"] for row in per_person]
    assert len(averages) >= 20
    assert max(averages) - min(averages) > 1.0
    claims = Rating.objects.filter(contact__channel__name="Claim").aggregate(a=Avg("score"))["a"]
    others = Rating.objects.exclude(contact__channel__name="Claim").aggregate(a=Avg("score"))["a"]
    assert claims < others - 0.4


def test_if_empty_leaves_existing_data_alone() -> None:
    ContactFactory()
    before = table_counts()

    out = seed(if_empty=True)

    assert "no demo data added" in out
    assert table_counts() == before


def test_if_empty_seeds_an_empty_database() -> None:
    seed(if_empty=True)

    assert Contact.objects.count() == SMALL


def test_seeding_again_without_flush_refuses_and_changes_nothing() -> None:
    seed()
    before = table_counts()
    first = story()

    with pytest.raises(CommandError, match="--flush"):
        seed(seed=8)

    assert table_counts() == before
    assert story() == first


def test_flush_replaces_the_data_and_keeps_superusers() -> None:
    keeper = AdminFactory(username="root")
    stranger = ContactFactory()

    seed(flush=True)

    assert User.objects.filter(pk=keeper.pk).exists()
    assert not Contact.objects.filter(pk=stranger.pk).exists()
    assert not Department.objects.filter(pk=stranger.department_id).exists()
    assert Contact.objects.count() == SMALL


def test_a_kept_admin_is_reused_with_its_own_password() -> None:
    seed()
    admin = User.objects.get(username="admin")
    admin.set_password("changed")
    admin.save()

    out = seed(flush=True)

    admin.refresh_from_db()
    assert admin.check_password("changed")
    assert "password unchanged" in out


def test_the_number_of_queries_does_not_grow_with_the_contacts() -> None:
    with CaptureQueriesContext(connection) as small:
        seed(contacts=100)
    _flush_demo_data()
    with CaptureQueriesContext(connection) as larger:
        seed(contacts=800)

    assert len(larger) == len(small)


@pytest.mark.parametrize(
    ("options", "message"),
    [({"contacts": -1}, "--contacts"), ({"now": "yesterday"}, "--now")],
)
def test_bad_options_are_refused_with_a_clear_message(options: dict[str, object], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("seed_demo", stdout=StringIO(), **{"now": NOW, **options})

    assert not Contact.objects.exists()


# -- survey invitations -------------------------------------------------------------

# The contact point's own rating method, or its channel's default.
USUAL_METHOD = Coalesce(
    NullIf("contact_point__rating_method", Value("")), "contact_point__channel__default_rating_method"
)
ASKED_BY_INVITATION = [RatingMethod.LINK, RatingMethod.EMAIL, RatingMethod.KIOSK]


def test_only_link_email_and_kiosk_contacts_get_an_invitation() -> None:
    seed()

    contacts = Contact.objects.annotate(usual=USUAL_METHOD)
    invited = contacts.filter(survey_invitation__isnull=False)
    assert set(invited.values_list("survey_invitation__method", flat=True)) == set(ASKED_BY_INVITATION)
    assert not invited.exclude(usual__in=ASKED_BY_INVITATION).exists()
    # The contact point's way; only a customer without an address gets a link instead of an e-mail.
    other_way = invited.exclude(survey_invitation__method=F("usual"))
    assert other_way.exists()
    assert not other_way.exclude(survey_invitation__method="link", usual="email", customer__email="").exists()
    # Staff-entered scores need no invitation; and some contacts were not asked at all.
    assert contacts.filter(rating__source=Rating.Source.STAFF).exists()
    assert not contacts.filter(rating__source=Rating.Source.STAFF, survey_invitation__isnull=False).exists()
    assert contacts.filter(usual__in=ASKED_BY_INVITATION, survey_invitation__isnull=True, rating__isnull=True).exists()


def test_invitations_are_made_by_the_representative_when_the_contact_is_logged() -> None:
    seed()

    invitations = SurveyInvitation.objects.all()
    assert not invitations.exclude(created_by=F("contact__representative")).exists()
    assert not invitations.exclude(created_at=F("contact__logged_at")).exists()
    # A link or a hand-over reaches the customer at once, an e-mail when the mailer took it.
    assert not invitations.exclude(method="email").exclude(sent_at=F("created_at")).exists()
    emails = invitations.filter(method="email")
    assert not emails.filter(sent_at__lte=F("created_at")).exists()
    assert not emails.filter(sent_at__isnull=False).exclude(sent_to=F("contact__customer__email")).exists()
    assert not emails.filter(send_attempts=0).exists()
    # An e-mail that never went out says why, and counts as not sent.
    failed = emails.filter(send_failed_at__isnull=False)
    assert not failed.filter(Q(sent_at__isnull=False) | Q(last_error="") | Q(answered_at__isnull=False)).exists()
    assert not failed.exclude(send_attempts=settings.SURVEY_SEND_MAX_ATTEMPTS).exists()


def test_invitations_expire_after_the_surveys_own_lifetimes() -> None:
    seed()

    lifetimes = {
        (method, expires_at - created_at)
        for method, created_at, expires_at in SurveyInvitation.objects.values_list("method", "created_at", "expires_at")
    }
    link_lifetime = timedelta(days=settings.SURVEY_LINK_LIFETIME_DAYS)
    assert lifetimes == {("link", link_lifetime), ("email", link_lifetime), ("kiosk", KIOSK_LIFETIME)}


def test_every_link_and_kiosk_rating_comes_from_its_answered_invitation() -> None:
    seed()

    asked = Rating.objects.filter(source__in=[Rating.Source.LINK, Rating.Source.KIOSK])
    assert asked.exists()
    assert asked.filter(contact__survey_invitation__answered_at=F("submitted_at")).count() == asked.count()
    assert not asked.filter(source=Rating.Source.KIOSK).exclude(contact__survey_invitation__method="kiosk").exists()
    assert not asked.filter(source=Rating.Source.LINK, contact__survey_invitation__method="kiosk").exists()
    # Opened a little before the answer, never before it reached the customer; answered before it expired.
    answered = SurveyInvitation.objects.answered()
    assert not answered.filter(first_opened_at__isnull=True).exists()
    assert not answered.filter(Q(first_opened_at__gt=F("answered_at")) | Q(first_opened_at__lt=F("sent_at"))).exists()
    assert not answered.filter(first_opened_at__lt=F("answered_at") - timedelta(minutes=5)).exists()
    assert not answered.filter(answered_at__gte=F("expires_at")).exists()


def test_no_invitation_is_answered_without_a_rating() -> None:
    seed()

    answered = SurveyInvitation.objects.answered()
    assert answered.exists()
    assert not answered.filter(contact__rating__isnull=True).exists()
    assert not SurveyInvitation.objects.filter(answered_at__isnull=True, contact__rating__isnull=False).exists()
    assert answered.count() == Rating.objects.exclude(source=Rating.Source.STAFF).count()


def test_unanswered_invitations_are_mostly_expired_some_open_some_left_after_opening() -> None:
    seed(contacts=1000)

    now = datetime.fromisoformat(NOW)
    unanswered = SurveyInvitation.objects.sent().filter(answered_at__isnull=True)
    expired = unanswered.filter(expires_at__lte=now).count()
    still_open = unanswered.filter(expires_at__gt=now).count()
    assert expired > 5 * still_open > 0
    assert unanswered.filter(first_opened_at__isnull=False).exists()
    assert not SurveyInvitation.objects.filter(
        Q(created_at__gt=now) | Q(first_opened_at__gt=now) | Q(answered_at__gt=now)
    ).exists()


def test_tokens_are_unique_and_shaped_like_real_ones() -> None:
    seed()

    tokens = list(SurveyInvitation.objects.values_list("token", flat=True))
    assert tokens
    assert len(set(tokens)) == len(tokens)
    assert all(len(token) == TOKEN_LENGTH and is_well_formed_token(token) for token in tokens)


def test_a_customer_is_not_invited_again_within_the_fatigue_window() -> None:
    seed(contacts=1000)

    window = timedelta(days=settings.SURVEY_FATIGUE_DAYS)
    delivered = SurveyInvitation.objects.filter(send_failed_at__isnull=True).order_by("contact__customer", "created_at")
    last: dict[int, datetime] = {}
    for customer_id, created_at in delivered.values_list("contact__customer", "created_at"):
        assert customer_id not in last or created_at - last[customer_id] >= window
        last[customer_id] = created_at


def response_rates(invitations: QuerySet[SurveyInvitation], group: str) -> dict[object, tuple[float, int]]:
    """Share answered and number sent, per value of `group`."""
    rows = (
        invitations.sent()
        .values_list(group)
        .annotate(n=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
        .order_by()
    )
    return {key: (answered / n, n) for key, n, answered in rows}


def test_response_rates_differ_by_way_of_asking_and_by_representative() -> None:
    seed(contacts=4000)

    invitations = SurveyInvitation.objects.all()
    by_method = {method: rate for method, (rate, _) in response_rates(invitations, "method").items()}
    assert 0.8 < by_method["kiosk"] < 0.97
    assert 0.28 < by_method["email"] < 0.45
    links = invitations.filter(method="link")
    in_person = Q(contact__channel__name__in=["Visit", "In-store"])
    in_person_rate, _ = response_rates(links.filter(in_person), "method")["link"]
    remote_rate, _ = response_rates(links.exclude(in_person), "method")["link"]
    assert 0.45 < in_person_rate < 0.65
    assert remote_rate < in_person_rate - 0.15
    # The same way of asking works better for some representatives than for others.
    per_person = response_rates(invitations.filter(method="email"), "contact__representative")
    shares = [rate for rate, n in per_person.values() if n >= 40]
    assert len(shares) >= 10
    assert max(shares) - min(shares) > 0.15


def test_the_daily_rollup_counts_the_invitations() -> None:
    seed()

    delivered = Q(survey_invitation__sent_at__isnull=False)
    per_person = (
        Contact.objects.values("representative")
        .annotate(
            sent=Count("id", filter=delivered),
            answered=Count("id", filter=delivered & Q(survey_invitation__answered_at__isnull=False)),
        )
        .values_list("representative", "sent", "answered")
        .order_by()
    )
    rolled_up = (
        ContactDayRollup.objects.values("representative")
        .annotate(sent=Sum("invitations_sent"), answered=Sum("invitations_answered"))
        .values_list("representative", "sent", "answered")
        .order_by()
    )
    assert set(rolled_up) == set(per_person)
    sent = SurveyInvitation.objects.sent()
    totals = ContactDayRollup.objects.aggregate(sent=Sum("invitations_sent"), answered=Sum("invitations_answered"))
    assert totals == {"sent": sent.count(), "answered": sent.answered().count()}
    assert 0 < totals["answered"] < totals["sent"]


def test_flush_deletes_the_invitations_too() -> None:
    seed(seed=7)
    first_tokens = set(SurveyInvitation.objects.values_list("token", flat=True))

    seed(seed=8, flush=True)

    tokens = set(SurveyInvitation.objects.values_list("token", flat=True))
    assert tokens and not tokens & first_tokens
    _flush_demo_data()
    assert not SurveyInvitation.objects.exists()


def test_prints_how_many_invitations_were_made_and_answered() -> None:
    out = seed()

    assert f"{SurveyInvitation.objects.count():,} survey invitations" in out
    assert re.search(r"\d+% of those sent answered", out)


def test_the_demos_overview_shows_a_response_rate(admin: User, as_user: Callable[[User], Client]) -> None:
    # As `make run` does it: the demo ends now, and the admin (kept by the seeding) opens the overview.
    call_command("seed_demo", contacts=1000, if_empty=True, stdout=StringIO())

    response = as_user(admin).get(reverse("insights_overview"))

    assert response.status_code == 200
    shown = re.search(r'data-testid="kpi-response_rate-value">([^<]*)<', response.content.decode())
    assert shown and re.fullmatch(r"\d+(\.\d+)?\s?%", shown.group(1).strip()), shown
    # The figure is the period's invitations, counted from the rollup and from the rows alike.
    period = response.context["filters"]
    tz = timezone.get_default_timezone()
    start = datetime.combine(period.start, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(period.end + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    sent = SurveyInvitation.objects.sent().filter(contact__occurred_at__gte=start, contact__occurred_at__lt=end)
    figures = response.context["period"].current
    assert (figures.invitations_sent, figures.invitations_answered) == (sent.count(), sent.answered().count())
    assert figures.invitations_sent > 0


def test_customers_and_some_representatives_speak_english_spanish_or_thai() -> None:
    seed()
    languages = dict(Customer.objects.values_list("language").annotate(n=Count("pk")))
    assert set(languages) == {"en-gb", "es", "th"}
    assert all(count >= 0.1 * sum(languages.values()) for count in languages.values()), languages
    thai = Customer.objects.filter(language="th").first()
    assert all("\u0e00" <= char <= "\u0e7f" or char == " " for char in thai.name), thai.name
    assert set(User.objects.exclude(language="").values_list("language", flat=True)) == {"es", "th"}


def test_some_memorable_comments_are_in_spanish_and_in_thai() -> None:
    seed()
    memorable = Rating.objects.filter(score__in=[1, 5]).exclude(comment="")
    first_names = {person.first_name for person in data.REPRESENTATIVES}
    for language in ("es", "th"):
        written = set(memorable.filter(contact__customer__language=language).values_list("comment", flat=True))
        theirs = {
            text.format(name=name)
            for texts in data.COMMENTS_IN[language].values()
            for text in texts
            for name in first_names
        }
        assert written, language
        assert written <= theirs, written - theirs
