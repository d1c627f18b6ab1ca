"""`manage.py seed_demo`: a believable organisation with months of contacts and ratings.

Each contact is asked for its rating the way its contact point says (the
channel's default or the contact point's own method), so the survey
invitations behind the ratings exist too, answered or not, and the
dashboards can show response rates.

The same --seed (and --now) always gives the same data, so a demo can be
rebuilt and tests can compare two runs. Everything is written with
bulk_create in batches and a few set-based UPDATEs: 100,000 contacts take
seconds, not minutes.

Nothing it writes goes into the audit trail: demo data is nobody's change,
and bulk writes send no signals anyway; the few rows it saves one by one
(departments, channels) and the rows --flush deletes are left out on purpose.
"""

from __future__ import annotations

import base64
import math
import random
import time
import unicodedata
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

from auditlog.context import disable_auditlog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models import DurationField, ExpressionWrapper, F, IntegerField, Value
from django.db.models.functions import Cast, Mod
from django.utils import timezone

from accounts.models import Department, User
from demo import data
from moments.models import Channel, Contact, ContactPoint, Customer, Rating, RatingMethod
from moments.rollup import rollup_rebuild
from moments.scale import MAX_EFFORT_SCORE, MAX_SCORE, MIN_EFFORT_SCORE, MIN_SCORE
from surveys.models import TOKEN_BYTES, InvitationMethod, SurveyInvitation
from surveys.services import KIOSK_LIFETIME
from surveys.tasks import RETRY_BASE_DELAY

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
# An e-mail is read later, at home: a median of four hours. Answers that
# would come after the link expired never come.
LINK_ANSWER_MEDIAN_MINUTES = 90
EMAIL_ANSWER_MEDIAN_MINUTES = 240
LINK_ANSWER_SPREAD = 1.3
# The customer on the kiosk answers within a few minutes of the hand-over.
KIOSK_ANSWER_SECONDS = (20, 180)
# Time between opening the survey and sending the answer.
READING_SECONDS = (10, 240)
# Of those who do not answer, some opened the survey and left it.
OPENED_UNANSWERED_RATE = {"kiosk": 0.7, "link": 0.25, "email": 0.2}
# The mailer takes an e-mail a few seconds after the contact is logged; a few
# need a second attempt, fewer bounce for good (a mistyped address).
EMAIL_QUEUE_SECONDS = (2, 30)
EMAIL_RETRIED_RATE = 0.02
EMAIL_FAILED_RATE = 0.005
# Representatives differ in how they ask for the rating (log-odds of an
# answer); see data.DemoPerson.asking. An e-mail arrives after the contact,
# when the representative's words count for less.
ASKING_SPREAD = 0.35
EMAIL_ASKING_WEIGHT = 0.5
# Share of representatives' notes on a contact that did not simply end well.
NOTE_RATE = 0.6
EFFORT_ANSWER_RATE = 0.85

OUTCOMES = [choice.value for choice in Contact.Outcome]
OUTCOME_WEIGHTS = {topic: list(accumulate(weights)) for topic, weights in data.OUTCOME_WEIGHTS.items()}


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
    department_id: int | None
    department: str
    first_name: str
    skill: float
    trained_days_ago: int | None
    skill_after_training: float
    asking: float

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
    invitations_by_method: dict[str, int] = field(default_factory=dict)
    invitations_sent: int = 0
    invitations_answered: int = 0
    rollup_rows: int = 0


class DemoSeeder:
    """Builds the demo organisation. One instance, one run, one random stream."""

    def __init__(self, *, contacts: int, seed: int, now: datetime) -> None:
        self.contacts = contacts
        self.rng = random.Random(seed)
        # Languages draw from a stream of their own, so adding them left every
        # other figure of a seed as it was.
        self.language_rng = random.Random(f"{seed}:languages")
        self.customer_languages: dict[int, str] = {}  # customer id → Customer.language
        self.now = now
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.summary = SeedSummary()
        # The organisation existed before its first recorded contact.
        self.founded_at = now - timedelta(days=data.PERIOD_DAYS + 30)
        # The survey settings the real invitations follow.
        self.link_lifetime = timedelta(days=settings.SURVEY_LINK_LIFETIME_DAYS)
        self.fatigue = timedelta(days=settings.SURVEY_FATIGUE_DAYS)
        self.send_attempts = settings.SURVEY_SEND_MAX_ATTEMPTS
        self.emails: dict[int, str] = {}  # customer id → address, for those who have one
        self.last_asked: dict[int, datetime] = {}  # customer id → their latest invitation
        self.tokens: set[str] = set()

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
                rating_method=spec.rating_method,
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
                language=person.language,
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
                asking=person.asking if person.asking is not None else self.rng.gauss(0, ASKING_SPREAD),
            )
            for person, row in zip(data.REPRESENTATIVES, staff, strict=True)
        ]

    # -- customers --------------------------------------------------------------

    def _customers(self) -> tuple[list[int], list[int]]:
        rng = self.rng
        count = max(MIN_CUSTOMERS, self.contacts // CONTACTS_PER_CUSTOMER)
        rows = []
        languages, weights = list(data.CUSTOMER_LANGUAGES), list(data.CUSTOMER_LANGUAGES.values())
        for number in range(1, count + 1):
            kind = Customer.Kind.PROSPECT if rng.random() < data.PROSPECT_SHARE else Customer.Kind.CURRENT
            last_name = rng.choice(data.LAST_NAMES)
            business = rng.random() < data.BUSINESS_SHARE
            if business:
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
            language = self.language_rng.choices(languages, weights)[0]
            if language == "th" and business:
                # A business keeps its name; its contact speaks Spanish.
                language = "es"
            elif language == "th":
                thai_first, thai_last = (self.language_rng.choice(names) for names in data.THAI_NAMES)
                name = f"{thai_first} {thai_last}"
                email = f"customer.{number}@{email.split('@')[1]}" if email else ""
            # The running number keeps references unique, as a CRM's would be.
            rows.append(
                Customer(
                    name=name,
                    kind=kind,
                    email=email,
                    phone=phone,
                    external_ref=f"C{100000 + number}" if has_ref else "",
                    language=language,
                )
            )
        for row in rows:
            row.refresh_search_name()
        Customer.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        Customer.objects.update(created_at=self.founded_at)
        self.emails = {row.pk: row.email for row in rows if row.email}
        self.customer_languages = {row.pk: row.language for row in rows}
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
            invitations: list[SurveyInvitation | None] = []
            for occurred_at, duration, index in moments[start : start + BATCH_SIZE]:
                spec, contact_point = contact_points[index]
                people = others if rng.random() < data.OTHER_DEPARTMENT_SHARE else own
                representative = rng.choice(people[spec.department])
                contact, rating, invitation = self._contact(
                    spec, contact_point, representative, occurred_at, duration, current_ids, prospect_ids
                )
                contacts.append(contact)
                ratings.append(rating)
                invitations.append(invitation)
            Contact.objects.bulk_create(contacts)
            answered_ratings = []
            made_invitations = []
            for contact, rating, invitation in zip(contacts, ratings, invitations, strict=True):
                if rating is not None:
                    rating.contact_id = contact.pk
                    answered_ratings.append(rating)
                if invitation is not None:
                    invitation.contact_id = contact.pk
                    made_invitations.append(invitation)
            Rating.objects.bulk_create(answered_ratings)
            SurveyInvitation.objects.bulk_create(made_invitations)
            self._count(contacts, answered_ratings, made_invitations)

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
    ) -> tuple[Contact, Rating | None, SurveyInvitation | None]:
        """One contact, the customer's rating if they gave one, the invitation if they got one.

        The rating's and the invitation's contact_id are still unset.
        """
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
        logged_at = occurred_at + timedelta(minutes=duration + duration % LOGGING_DELAY_SPREAD + 1)
        way = self._way_of_asking(spec, contact_point, customer_id)
        if way == RatingMethod.STAFF:
            if rng.random() >= data.RESPONSE_RATE[way]:
                return contact, None, None
            rating = self._rating(
                spec,
                representative,
                occurred_at,
                outcome,
                Rating.Source.STAFF,
                logged_at,
                self.customer_languages[customer_id],
            )
            return contact, rating, None
        if way not in InvitationMethod.values or self._asked_recently(customer_id, logged_at):
            return contact, None, None
        in_person = data.CHANNEL_PROFILES[spec.channel].in_person
        invitation = self._invitation(way, representative, customer_id, logged_at, in_person)
        if invitation.answered_at is None:
            return contact, None, invitation
        # An answer to an e-mail comes through the link in it, as a link's does.
        source = Rating.Source.KIOSK if way == InvitationMethod.KIOSK else Rating.Source.LINK
        rating = self._rating(
            spec,
            representative,
            occurred_at,
            outcome,
            source,
            invitation.answered_at,
            self.customer_languages[customer_id],
        )
        return contact, rating, invitation

    def _way_of_asking(self, spec: data.DemoContactPoint, contact_point: ContactPoint, customer_id: int) -> str:
        """How the representative asks: usually the contact point's way, sometimes on the spot, sometimes not."""
        usual, on_the_spot, not_asked = data.CHANNEL_PROFILES[spec.channel].ask_weights
        roll = self.rng.random() * (usual + on_the_spot + not_asked)
        if roll >= usual + on_the_spot:
            return RatingMethod.NONE
        if roll >= usual:
            return RatingMethod.STAFF
        method = contact_point.default_rating_method
        if method == RatingMethod.EMAIL and customer_id not in self.emails:
            # The logging form refuses an e-mail without an address; staff show the link instead.
            return RatingMethod.LINK
        return method

    def _asked_recently(self, customer_id: int, at: datetime) -> bool:
        """Survey fatigue, as the logging form applies it: one invitation per customer per window."""
        last = self.last_asked.get(customer_id)
        return last is not None and bool(self.fatigue) and at - last < self.fatigue

    def _token(self) -> str:
        """A token of the same form as surveys.models.new_token(), but from the seed.

        Reruns give the same links, which a demo may: its customers are made
        up. Real invitations draw theirs from the secrets module.
        """
        while True:
            raw = self.rng.getrandbits(TOKEN_BYTES * 8).to_bytes(TOKEN_BYTES, "big")
            token = base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
            if token not in self.tokens:
                self.tokens.add(token)
                return token

    def _response_rate(self, method: str, in_person: bool, representative: Representative) -> float:
        key = "remote link" if method == InvitationMethod.LINK and not in_person else method
        base = data.RESPONSE_RATE[key]
        lift = representative.asking * (EMAIL_ASKING_WEIGHT if method == InvitationMethod.EMAIL else 1.0)
        return 1 / (1 + math.exp(-(math.log(base / (1 - base)) + lift)))

    def _answer_delay(self, method: str) -> timedelta:
        rng = self.rng
        if method == InvitationMethod.KIOSK:
            return timedelta(seconds=rng.randint(*KIOSK_ANSWER_SECONDS))
        median = EMAIL_ANSWER_MEDIAN_MINUTES if method == InvitationMethod.EMAIL else LINK_ANSWER_MEDIAN_MINUTES
        return timedelta(minutes=rng.lognormvariate(math.log(median), LINK_ANSWER_SPREAD))

    def _invitation(
        self, method: str, representative: Representative, customer_id: int, created_at: datetime, in_person: bool
    ) -> SurveyInvitation:
        """The invitation as the survey services would have left it by now, answered or not.

        Created when the contact is logged; a link or a kiosk hand-over reaches
        the customer at once, an e-mail when the mailer has taken it.
        """
        rng = self.rng
        # In UTC, as timezone.now() gives it: local wall-clock arithmetic would
        # make a week across a change of summer time an hour longer or shorter.
        created_at = created_at.astimezone(UTC)
        lifetime = KIOSK_LIFETIME if method == InvitationMethod.KIOSK else self.link_lifetime
        invitation = SurveyInvitation(
            token=self._token(),
            method=method,
            created_by_id=representative.pk,
            created_at=created_at,
            expires_at=created_at + lifetime,
        )
        sent_at = created_at
        if method == InvitationMethod.EMAIL:
            roll = rng.random()
            if roll < EMAIL_FAILED_RATE:
                attempts = self.send_attempts
            elif roll < EMAIL_FAILED_RATE + EMAIL_RETRIED_RATE:
                attempts = 2
            else:
                attempts = 1
            # The send task waits 1, 2, 4… minutes before each retry.
            waited = sum((RETRY_BASE_DELAY * 2**attempt for attempt in range(attempts - 1)), timedelta())
            handled_at = created_at + timedelta(seconds=rng.randint(*EMAIL_QUEUE_SECONDS)) + waited
            invitation.send_attempts = attempts
            email = self.emails[customer_id]
            if roll < EMAIL_FAILED_RATE:
                invitation.send_failed_at = handled_at
                invitation.last_error = (
                    f"SMTPRecipientsRefused: {{'{email}': (550, b'5.1.1 Recipient address rejected: User unknown')}}"
                )
                # Never reached the customer: it asked nothing, so it does not tire them.
                return invitation
            sent_at = handled_at
            invitation.sent_to = email
        invitation.sent_at = sent_at
        self.last_asked[customer_id] = created_at

        if rng.random() < self._response_rate(method, in_person, representative):
            answered_at = sent_at + self._answer_delay(method)
            if answered_at < invitation.expires_at and answered_at <= self.now:
                reading = timedelta(seconds=rng.randint(*READING_SECONDS))
                invitation.first_opened_at = max(sent_at, answered_at - reading)
                invitation.answered_at = answered_at
            # Otherwise: too late, or not yet; the invitation is unanswered.
        elif rng.random() < OPENED_UNANSWERED_RATE[method]:
            opened_at = sent_at + self._answer_delay(method)
            if opened_at < invitation.expires_at and opened_at <= self.now:
                invitation.first_opened_at = opened_at
        return invitation

    def _rating(
        self,
        spec: data.DemoContactPoint,
        representative: Representative,
        occurred_at: datetime,
        outcome: str,
        source: str,
        submitted_at: datetime,
        language: str = "",
    ) -> Rating:
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
        score = min(MAX_SCORE, max(MIN_SCORE, math.floor(latent + 0.5)))

        comment = ""
        if rng.random() < data.COMMENT_RATE[score]:
            mood = "bad" if score <= 2 else "middle" if score == 3 else "good"
            comment = rng.choice(data.COMMENTS[spec.topic][mood])
            if language in data.COMMENTS_IN:
                # Customers write in their own language.
                comment = self.language_rng.choice(data.COMMENTS_IN[language][mood])
            comment = comment.format(name=representative.first_name)
        effort = None
        if spec.asks_effort and rng.random() < EFFORT_ANSWER_RATE:
            effort = min(MAX_EFFORT_SCORE, max(MIN_EFFORT_SCORE, round(1 + (score - 1) * 1.5 + rng.gauss(0, 0.8))))

        return Rating(
            score=score,
            comment=comment,
            effort_score=effort,
            source=source,
            submitted_at=submitted_at,
            entered_by_id=representative.pk if source == Rating.Source.STAFF else None,
            # The representative hands over their own device, as the kiosk is meant to be used.
            submitted_by_id=representative.pk if source == Rating.Source.KIOSK else None,
        )

    def _count(self, contacts: list[Contact], ratings: list[Rating], invitations: list[SurveyInvitation]) -> None:
        summary = self.summary
        summary.contacts += len(contacts)
        summary.ratings += len(ratings)
        for rating in ratings:
            summary.ratings_by_source[rating.source] = summary.ratings_by_source.get(rating.source, 0) + 1
        for invitation in invitations:
            summary.invitations_by_method[invitation.method] = (
                summary.invitations_by_method.get(invitation.method, 0) + 1
            )
            if invitation.sent_at is not None:
                summary.invitations_sent += 1
                summary.invitations_answered += invitation.answered_at is not None


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
    _delete(SurveyInvitation.objects.all())
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
            help=(
                "Delete the contacts, ratings, survey invitations, customers, contact points "
                "and all users but superusers first."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        contacts = options["contacts"]
        if not isinstance(contacts, int) or contacts < 0:
            raise CommandError(f"--contacts must be a whole number, 0 or more, not {contacts!r}.")
        now = _parse_now(options["now"])
        started = time.monotonic()

        with transaction.atomic(), disable_auditlog():
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
        methods = ", ".join(f"{count:,} {method}" for method, count in sorted(summary.invitations_by_method.items()))
        answered = (
            f"{summary.invitations_answered / summary.invitations_sent:.0%}" if summary.invitations_sent else "none"
        )
        self.stdout.write(
            self.style.SUCCESS(f"Demo data created in {seconds:.1f} s (seed {seed}):")
            + f"\n  {summary.departments} departments, {summary.contact_points} contact points "
            f"({summary.retired_contact_points} retired)"
            + f"\n  {summary.users} users ({summary.managers} managers, {summary.representatives} representatives)"
            + f"\n  {summary.current_customers + summary.prospects:,} customers "
            f"({summary.current_customers:,} current, {summary.prospects:,} prospects)"
            + f"\n  {summary.contacts:,} contacts, {summary.ratings:,} ratings ({sources or 'none'})"
            + f"\n  {sum(summary.invitations_by_method.values()):,} survey invitations ({methods or 'none'}), "
            f"{answered} of those sent answered"
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
