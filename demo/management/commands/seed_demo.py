"""`manage.py seed_demo`: a believable organisation with months of contacts and ratings.

The same --seed (and --now) always gives the same data, so a demo can be
rebuilt and tests can compare two runs. Everything is written with
bulk_create in batches and a few set-based UPDATEs: 100,000 contacts take
seconds, not minutes.
"""

from __future__ import annotations

import math
import random
import time
import unicodedata
from bisect import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models import DurationField, ExpressionWrapper, F, IntegerField, Value
from django.db.models.functions import Cast, Mod
from django.utils import timezone

from accounts.models import Department, User
from demo import data
from moments.models import Channel, Contact, ContactPoint, Customer, Rating
from moments.rollup import rollup_rebuild

DEFAULT_CONTACTS = 5000
DEFAULT_SEED = 42
# Rows per INSERT; Django lowers it further where the database allows fewer parameters.
BATCH_SIZE = 5000
# Staff log a contact a few minutes after it ends: 1 to 4 minutes, derived from
# the duration so that one UPDATE can set it for every row.
LOGGING_DELAY_SPREAD = 4
# A contact that ends this close to "now" would not be logged yet.
LATEST_END_BEFORE_NOW = timedelta(minutes=10)
# Customers: a quarter of the number of contacts, so that many come back.
CONTACTS_PER_CUSTOMER = 4
MIN_CUSTOMERS = 200
# Some customers come back far more often than others.
CUSTOMER_SKEW = 1.5
# Share of ratings that are a plainly bad moment, whatever the usual level:
# real score distributions have a longer low tail than a bell curve.
BAD_MOMENT_RATE = 0.03
SCORE_SPREAD = 0.8
# Customer links are answered minutes to days later; the median is 90 minutes.
LINK_ANSWER_MEDIAN_MINUTES = 90
LINK_ANSWER_SPREAD = 1.3
LINK_ANSWER_LATEST = timedelta(days=7)
# Share of representatives' notes on a contact that did not simply end well.
NOTE_RATE = 0.6
EFFORT_ANSWER_RATE = 0.85

OUTCOMES = [choice.value for choice in Contact.Outcome]
OUTCOME_WEIGHTS = {topic: list(accumulate(weights)) for topic, weights in data.OUTCOME_WEIGHTS.items()}
ASK_WAYS = [Rating.Source.LINK, Rating.Source.STAFF, Rating.Source.KIOSK]


def _ascii(text: str) -> str:
    """Turn a name into e-mail- and username-safe letters: "Fernández" → "fernandez"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def _parse_now(value: datetime | str | None) -> datetime:
    if value is None or value == "":
        return timezone.now()
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--now must be an ISO date-time such as 2026-03-31T18:00, not {value!r}.") from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


@dataclass
class Representative:
    """What the generator needs of one staff member, without touching the database again."""

    pk: int
    department_id: int
    department: str
    first_name: str
    skill: float
    trained_days_ago: int | None
    skill_after_training: float

    def skill_at(self, age_days: float) -> float:
        if self.trained_days_ago is not None and age_days < self.trained_days_ago:
            return self.skill_after_training
        return self.skill


@dataclass
class SeedSummary:
    departments: int = 0
    contact_points: int = 0
    retired_contact_points: int = 0
    users: int = 0
    managers: int = 0
    representatives: int = 0
    admin_created: bool = True
    current_customers: int = 0
    prospects: int = 0
    contacts: int = 0
    ratings: int = 0
    ratings_by_source: dict[str, int] = field(default_factory=dict)
    rollup_rows: int = 0


class DemoSeeder:
    """Builds the demo organisation. One instance, one run, one random stream."""

    def __init__(self, *, contacts: int, seed: int, now: datetime) -> None:
        self.contacts = contacts
        self.rng = random.Random(seed)
        self.now = now
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.summary = SeedSummary()
        # The organisation existed before its first recorded contact.
        self.founded_at = now - timedelta(days=data.PERIOD_DAYS + 30)

    def run(self) -> SeedSummary:
        departments = self._departments()
        channels = self._channels()
        contact_points = self._contact_points(departments, channels)
        representatives = self._people(departments)
        current_ids, prospect_ids = self._customers()
        self._contacts(contact_points, representatives, current_ids, prospect_ids)
        # The contacts went in behind the logging service's back, so the
        # dashboards' daily rollup is computed from them in one statement.
        self.summary.rollup_rows = rollup_rebuild()
        return self.summary

    # -- configuration --------------------------------------------------------

    def _departments(self) -> dict[str, Department]:
        departments = {}
        for name in data.DEPARTMENTS:
            departments[name], _ = Department.objects.get_or_create(name__iexact=name, defaults={"name": name})
        Department.objects.filter(pk__in=[d.pk for d in departments.values()]).update(created_at=self.founded_at)
        self.summary.departments = len(departments)
        return departments

    def _channels(self) -> dict[str, Channel]:
        """The channels come with the database (a data migration); reuse them by name."""
        channels = {}
        for name in data.CHANNEL_PROFILES:
            channels[name], _ = Channel.objects.get_or_create(name__iexact=name, defaults={"name": name})
        return channels

    def _contact_points(
        self, departments: dict[str, Department], channels: dict[str, Channel]
    ) -> list[tuple[data.DemoContactPoint, ContactPoint]]:
        rows = [
            ContactPoint(
                name=spec.name,
                department=departments[spec.department],
                channel=channels[spec.channel],
                purpose=spec.purpose,
                service_standard="\n".join(spec.standard),
                target_csat=spec.target_csat,
                asks_effort=spec.asks_effort,
                is_active=spec.retired_days_ago is None,
            )
            for spec in data.CONTACT_POINTS
        ]
        ContactPoint.objects.bulk_create(rows)
        ContactPoint.objects.filter(pk__in=[row.pk for row in rows]).update(created_at=self.founded_at)
        self.summary.contact_points = len(rows)
        self.summary.retired_contact_points = sum(1 for row in rows if not row.is_active)
        return list(zip(data.CONTACT_POINTS, rows, strict=True))

    def _people(self, departments: dict[str, Department]) -> list[Representative]:
        # One hash for everyone: a proper password hash takes a noticeable
        # fraction of a second by design, and the password is the same.
        password = make_password(data.DEMO_PASSWORD)
        usernames = [data.ADMIN.username] + [m.username for m, _ in data.MANAGERS]
        usernames += [r.username for r in data.REPRESENTATIVES]
        taken = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        # A kept superuser named "admin" (after --flush) is reused as it is.
        if taken - {data.ADMIN.username}:
            raise CommandError(f"These usernames are already taken: {', '.join(sorted(taken))}.")
        self.summary.admin_created = data.ADMIN.username not in taken

        def user(person: data.DemoPerson, role: str) -> User:
            return User(
                username=person.username,
                first_name=person.first_name,
                last_name=person.last_name,
                display_name=person.display_name,
                email=f"{person.username}@example.com",
                role=role,
                department=departments[person.department] if person.department else None,
                password=password,
                date_joined=self.founded_at,
            )

        users = []
        if self.summary.admin_created:
            admin = user(data.ADMIN, User.Role.ADMIN)
            admin.is_staff = admin.is_superuser = True
            users.append(admin)
        managers = [user(person, User.Role.MANAGER) for person, _ in data.MANAGERS]
        staff = [user(person, User.Role.STAFF) for person in data.REPRESENTATIVES]
        User.objects.bulk_create([*users, *managers, *staff])

        Managed = User.managed_departments.through
        Managed.objects.bulk_create(
            Managed(user_id=manager.pk, department_id=departments[name].pk)
            for manager, (_, names) in zip(managers, data.MANAGERS, strict=True)
            for name in names
        )
        self.summary.users = len(users) + len(managers) + len(staff)
        self.summary.managers = len(managers)
        self.summary.representatives = len(staff)
        return [
            Representative(
                pk=row.pk,
                department_id=row.department_id,
                department=person.department or "",
                first_name=person.first_name,
                # Ordinary people differ a little from each other, too.
                skill=person.skill if person.skill is not None else self.rng.gauss(0, 0.15),
                trained_days_ago=person.trained_days_ago,
                skill_after_training=person.skill_after_training,
            )
            for person, row in zip(data.REPRESENTATIVES, staff, strict=True)
        ]

    # -- customers --------------------------------------------------------------

    def _customers(self) -> tuple[list[int], list[int]]:
        rng = self.rng
        count = max(MIN_CUSTOMERS, self.contacts // CONTACTS_PER_CUSTOMER)
        rows = []
        for number in range(1, count + 1):
            kind = Customer.Kind.PROSPECT if rng.random() < data.PROSPECT_SHARE else Customer.Kind.CURRENT
            last_name = rng.choice(data.LAST_NAMES)
            if rng.random() < data.BUSINESS_SHARE:
                name = f"{last_name} {rng.choice(data.BUSINESS_KINDS)}"
                mailbox = f"{_ascii(name)}.{number}"
            else:
                first_name = rng.choice(data.FIRST_NAMES)
                name = f"{first_name} {last_name}"
                mailbox = f"{_ascii(first_name)}.{_ascii(last_name)}.{number}"
            email = f"{mailbox}@{rng.choice(data.EMAIL_DOMAINS)}" if rng.random() < data.WITH_EMAIL_SHARE else ""
            phone = ""
            if rng.random() < data.WITH_PHONE_SHARE:
                phone = f"{rng.choice(data.PHONE_PREFIXES)}{rng.randrange(1000):03d}"
            has_ref = kind == Customer.Kind.CURRENT and rng.random() < data.CURRENT_WITH_REF_SHARE
            # The running number keeps references unique, as a CRM's would be.
            rows.append(
                Customer(
                    name=name,
                    kind=kind,
                    email=email,
                    phone=phone,
                    external_ref=f"C{100000 + number}" if has_ref else "",
                )
            )
        Customer.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        Customer.objects.update(created_at=self.founded_at)
        current = [row.pk for row in rows if row.kind == Customer.Kind.CURRENT]
        prospects = [row.pk for row in rows if row.kind == Customer.Kind.PROSPECT]
        self.summary.current_customers = len(current)
        self.summary.prospects = len(prospects)
        return current, prospects

    # -- contacts and ratings -------------------------------------------------

    def _day_weights(self, spec: data.DemoContactPoint) -> list[float]:
        """Cumulative weights of the days of the period, today first, for one contact point."""
        today = timezone.localtime(self.now, self.tz).date()
        week = data.CHANNEL_PROFILES[spec.channel].weekday_weights
        weights = []
        for age in range(data.PERIOD_DAYS):
            retired = spec.retired_days_ago is not None and age < spec.retired_days_ago
            weights.append(0.0 if retired else week[(today - timedelta(days=age)).weekday()])
        return list(accumulate(weights))

    def _when(
        self, spec: data.DemoContactPoint, day_weights: list[float], hours: list[int], hour_weights: list[float]
    ) -> tuple[datetime, int]:
        """A moment in the working week, in the organisation's time zone, and how long it took."""
        rng = self.rng
        age = bisect(day_weights, rng.random() * day_weights[-1])
        hour = hours[bisect(hour_weights, rng.random() * hour_weights[-1])]
        day: date = timezone.localtime(self.now, self.tz).date() - timedelta(days=age)
        occurred_at = datetime.combine(day, clock_time(hour, rng.randrange(60), rng.randrange(60)), tzinfo=self.tz)
        low, high, mode = data.CHANNEL_PROFILES[spec.channel].duration_minutes
        duration = int(rng.triangular(low, high, mode))
        # Later today has not happened yet: the same moment a week earlier has.
        if occurred_at + timedelta(minutes=duration) + LATEST_END_BEFORE_NOW > self.now:
            occurred_at -= timedelta(days=7)
        return occurred_at, duration

    def _contacts(
        self,
        contact_points: list[tuple[data.DemoContactPoint, ContactPoint]],
        representatives: list[Representative],
        current_ids: list[int],
        prospect_ids: list[int],
    ) -> None:
        rng = self.rng
        specs = [spec for spec, _ in contact_points]
        day_weights = [self._day_weights(spec) for spec in specs]
        hours = list(data.HOUR_WEIGHTS)
        hour_weights = list(accumulate(data.HOUR_WEIGHTS.values()))

        # First every contact's contact point and moment, then in time order the
        # rest, so that ids grow with time as they would in real use.
        chosen = rng.choices(range(len(specs)), weights=[spec.volume for spec in specs], k=self.contacts)
        moments = sorted(
            (*self._when(specs[index], day_weights[index], hours, hour_weights), index) for index in chosen
        )

        own = {name: [r for r in representatives if r.department == name] for name in data.DEPARTMENTS}
        others = {name: [r for r in representatives if r.department != name] for name in data.DEPARTMENTS}

        for start in range(0, len(moments), BATCH_SIZE):
            contacts: list[Contact] = []
            ratings: list[Rating | None] = []
            for occurred_at, duration, index in moments[start : start + BATCH_SIZE]:
                spec, contact_point = contact_points[index]
                people = others if rng.random() < data.OTHER_DEPARTMENT_SHARE else own
                representative = rng.choice(people[spec.department])
                contact, rating = self._contact(
                    spec, contact_point, representative, occurred_at, duration, current_ids, prospect_ids
                )
                contacts.append(contact)
                ratings.append(rating)
            Contact.objects.bulk_create(contacts)
            answered_ratings = []
            for contact, rating in zip(contacts, ratings, strict=True):
                if rating is not None:
                    rating.contact_id = contact.pk
                    answered_ratings.append(rating)
            Rating.objects.bulk_create(answered_ratings)
            self.summary.contacts += len(contacts)
            self.summary.ratings += len(answered_ratings)
            for rating in answered_ratings:
                self.summary.ratings_by_source[rating.source] = self.summary.ratings_by_source.get(rating.source, 0) + 1

        # logged_at is auto_now_add, which bulk_create overrides with the time
        # of the insert; one UPDATE puts it a few minutes after each contact.
        # Cast: SQLite's MOD returns a float, which its date arithmetic refuses.
        minutes_later = Cast(
            F("duration_minutes") + Mod(F("duration_minutes"), LOGGING_DELAY_SPREAD) + 1, IntegerField()
        )
        logged_at = F("occurred_at") + ExpressionWrapper(
            minutes_later * Value(timedelta(minutes=1)), output_field=DurationField()
        )
        Contact.objects.update(logged_at=logged_at, updated_at=logged_at)

    def _contact(
        self,
        spec: data.DemoContactPoint,
        contact_point: ContactPoint,
        representative: Representative,
        occurred_at: datetime,
        duration: int,
        current_ids: list[int],
        prospect_ids: list[int],
    ) -> tuple[Contact, Rating | None]:
        """One contact, and the customer's rating of it if they gave one (its contact_id still unset)."""
        rng = self.rng
        if rng.random() < spec.prospect_share:
            kind, pool = Customer.Kind.PROSPECT, prospect_ids
        else:
            kind, pool = Customer.Kind.CURRENT, current_ids
        customer_id = pool[int(len(pool) * rng.random() ** CUSTOMER_SKEW)]
        cumulative = OUTCOME_WEIGHTS.get(spec.topic, OUTCOME_WEIGHTS["default"])
        outcome = OUTCOMES[bisect(cumulative, rng.random() * cumulative[-1])]
        notes = ""
        if outcome != Contact.Outcome.RESOLVED and rng.random() < NOTE_RATE:
            notes = rng.choice(data.NOTES[outcome])
        # Snapshots exactly as the logging service takes them.
        contact = Contact(
            contact_point_id=contact_point.pk,
            channel_id=contact_point.channel_id,
            representative_id=representative.pk,
            department_id=representative.department_id,
            customer_id=customer_id,
            customer_kind=kind,
            occurred_at=occurred_at,
            duration_minutes=duration,
            outcome=outcome,
            notes=notes,
            logged_by_id=representative.pk,
        )
        way = rng.choices(ASK_WAYS, weights=data.CHANNEL_PROFILES[spec.channel].ask_weights)[0]
        if rng.random() >= data.RESPONSE_RATE[way]:
            return contact, None
        return contact, self._rating(spec, representative, occurred_at, duration, outcome, way)

    def _rating(
        self,
        spec: data.DemoContactPoint,
        representative: Representative,
        occurred_at: datetime,
        duration: int,
        outcome: str,
        way: str,
    ) -> Rating | None:
        """The customer's judgement: the contact point's level, the person, the outcome, the moment."""
        rng = self.rng
        age_days = (self.now - occurred_at).total_seconds() / 86400
        skill = representative.skill_at(age_days)
        mean = spec.mean_score + skill + data.OUTCOME_EFFECT[outcome]
        mean += spec.trend * (0.5 - age_days / data.PERIOD_DAYS)
        if spec.dip is not None and spec.dip[1] <= age_days <= spec.dip[0]:
            mean += spec.dip[2]
        bad_moment = BAD_MOMENT_RATE + max(0.0, -skill) * 0.06
        if outcome == Contact.Outcome.UNRESOLVED:
            bad_moment += 0.12
        latent = rng.gauss(1.4, 0.6) if rng.random() < bad_moment else rng.gauss(mean, SCORE_SPREAD)
        score = min(5, max(1, math.floor(latent + 0.5)))

        comment = ""
        if rng.random() < data.COMMENT_RATE[score]:
            mood = "bad" if score <= 2 else "middle" if score == 3 else "good"
            comment = rng.choice(data.COMMENTS[spec.topic][mood]).format(name=representative.first_name)
        effort = None
        if spec.asks_effort and rng.random() < EFFORT_ANSWER_RATE:
            effort = min(7, max(1, round(1 + (score - 1) * 1.5 + rng.gauss(0, 0.8))))

        logged_at = occurred_at + timedelta(minutes=duration + duration % LOGGING_DELAY_SPREAD + 1)
        if way == Rating.Source.LINK:
            delay = timedelta(minutes=rng.lognormvariate(math.log(LINK_ANSWER_MEDIAN_MINUTES), LINK_ANSWER_SPREAD))
            submitted_at = logged_at + min(delay, LINK_ANSWER_LATEST)
        elif way == Rating.Source.KIOSK:
            submitted_at = logged_at + timedelta(seconds=rng.randrange(20, 180))
        else:
            submitted_at = logged_at
        if submitted_at > self.now:
            return None  # the customer has not answered yet
        return Rating(
            score=score,
            comment=comment,
            effort_score=effort,
            source=way,
            submitted_at=submitted_at,
            entered_by_id=representative.pk if way == Rating.Source.STAFF else None,
        )


# -- emptying -----------------------------------------------------------------------


def _existing_data() -> dict[str, int]:
    counts = {
        "contacts": Contact.objects.count(),
        "customers": Customer.objects.count(),
        "contact points": ContactPoint.objects.count(),
        "users other than superusers": User.objects.filter(is_superuser=False).count(),
    }
    return {what: count for what, count in counts.items() if count}


def _delete(queryset: models.QuerySet[Any], depth: int = 0) -> None:
    """Delete rows, first deleting the rows elsewhere that protect them.

    Apps built on top of this one keep records about contacts and people
    (follow-ups, decisions…) that may refuse the deletion; in a demo database
    they are demo data too.
    """
    if depth > 5:
        raise CommandError(f"Could not empty {queryset.model._meta.verbose_name_plural}: protected in a loop.")
    for relation in queryset.model._meta.get_fields(include_hidden=True):
        if (
            relation.auto_created
            and not relation.concrete
            and (relation.one_to_many or relation.one_to_one)
            and relation.on_delete in (models.PROTECT, models.RESTRICT)
        ):
            protecting = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": queryset})
            _delete(protecting, depth + 1)
    queryset.delete()


def _flush_demo_data() -> None:
    """Empty what seed_demo creates. Superusers and channels stay."""
    _delete(Rating.objects.all())
    _delete(Contact.objects.all())
    _delete(Customer.objects.all())
    _delete(ContactPoint.objects.all())
    _delete(User.objects.filter(is_superuser=False))
    _delete(Department.objects.filter(members__isnull=True))


# -- the command ------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Fill an empty database with a demo organisation: departments, contact points, people, "
        "customers and months of contacts and ratings. The same --seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--contacts", type=int, default=DEFAULT_CONTACTS, help=f"How many contacts (default {DEFAULT_CONTACTS})."
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed; the same seed gives the same data (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--now",
            default=None,
            help="ISO date-time the demo period ends at, for reproducible runs (default: now).",
        )
        emptiness = parser.add_mutually_exclusive_group()
        emptiness.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds data."
        )
        emptiness.add_argument(
            "--flush",
            action="store_true",
            help="Delete the contacts, ratings, customers, contact points and all users but superusers first.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        contacts = options["contacts"]
        if not isinstance(contacts, int) or contacts < 0:
            raise CommandError(f"--contacts must be a whole number, 0 or more, not {contacts!r}.")
        now = _parse_now(options["now"])
        started = time.monotonic()

        with transaction.atomic():
            existing = _existing_data()
            if existing and options["if_empty"]:
                found = ", ".join(f"{count:,} {what}" for what, count in existing.items())
                self.stdout.write(f"The database already holds data ({found}); no demo data added.")
                return
            if existing and not options["flush"]:
                found = ", ".join(f"{count:,} {what}" for what, count in existing.items())
                raise CommandError(
                    f"The database already holds data ({found}). Run with --flush to replace it with demo data, "
                    "or --if-empty to leave it as it is."
                )
            if options["flush"]:
                _flush_demo_data()
            summary = DemoSeeder(contacts=contacts, seed=options["seed"], now=now).run()

        self._report(summary, seed=options["seed"], seconds=time.monotonic() - started)

    def _report(self, summary: SeedSummary, *, seed: int, seconds: float) -> None:
        sources = ", ".join(f"{count:,} {source}" for source, count in sorted(summary.ratings_by_source.items()))
        self.stdout.write(
            self.style.SUCCESS(f"Demo data created in {seconds:.1f} s (seed {seed}):")
            + f"\n  {summary.departments} departments, {summary.contact_points} contact points "
            f"({summary.retired_contact_points} retired)"
            + f"\n  {summary.users} users ({summary.managers} managers, {summary.representatives} representatives)"
            + f"\n  {summary.current_customers + summary.prospects:,} customers "
            f"({summary.current_customers:,} current, {summary.prospects:,} prospects)"
            + f"\n  {summary.contacts:,} contacts, {summary.ratings:,} ratings ({sources or 'none'})"
        )
        admin_password = data.DEMO_PASSWORD if summary.admin_created else "(existing account, password unchanged)"
        password = data.DEMO_PASSWORD
        self.stdout.write(
            "\n"
            + self.style.MIGRATE_HEADING("Demo logins")
            + f"\n  admin   / {admin_password:<8}  administrator: configuration and every figure"
            + f"\n  manager / {password:<8}  manager of Support and Field service"
            + f"\n  staff   / {password:<8}  representative in Support"
            + "\n  Also: manager.sales, manager.billing, manager.reception and representatives such as ana.silva, "
            f"all with password {password}."
        )
