from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Avg, Count, F, Q, Sum
from django.test.utils import CaptureQueriesContext

from accounts.models import Department, User
from demo import data
from demo.management.commands.seed_demo import _flush_demo_data
from moments.models import Channel, Contact, ContactDayRollup, ContactPoint, Customer, Rating
from tests.factories import AdminFactory, ContactFactory

pytestmark = pytest.mark.django_db

# A fixed end of the demo period, so that two runs can be compared exactly.
NOW = "2026-03-31T18:00:00+02:00"
SMALL = 300


def seed(contacts: int = SMALL, **options: object) -> str:
    out = StringIO()
    call_command("seed_demo", contacts=contacts, now=NOW, stdout=out, **options)
    return out.getvalue()


def story() -> list[tuple[str, str, int | None]]:
    """What a dashboard would show of a run: who handled which contact point, and the score."""
    return list(
        Contact.objects.order_by("occurred_at", "id").values_list(
            "contact_point__name", "representative__username", "rating__score"
        )
    )


def table_counts() -> dict[str, int]:
    return {
        "contacts": Contact.objects.count(),
        "ratings": Rating.objects.count(),
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
    assert 0.45 * SMALL < ratings.count() < 0.75 * SMALL
    assert not ratings.filter(Q(score__lt=1) | Q(score__gt=5)).exists()
    assert not Contact.objects.annotate(n=Count("rating")).filter(n__gt=1).exists()
    assert not ratings.filter(submitted_at__lt=F("contact__logged_at")).exists()
    assert not ratings.filter(submitted_at__gt=datetime.fromisoformat(NOW)).exists()
    sources = dict(ratings.values_list("source").annotate(n=Count("id")))
    assert sources[Rating.Source.LINK] == max(sources.values())
    assert not ratings.filter(source=Rating.Source.KIOSK).exclude(contact__channel__name="In-store").exists()
    assert not ratings.filter(source=Rating.Source.STAFF, entered_by__isnull=True).exists()
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
