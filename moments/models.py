from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User
from moments.dates import validate_date_in_range
from moments.localisation import format_date
from moments.scale import MAX_EFFORT_SCORE, MAX_SCORE, MIN_EFFORT_SCORE, MIN_SCORE

# A working day and then some: longer than this is a typo, not a contact.
MAX_DURATION_MINUTES = 24 * 60


class RatingMethod(models.TextChoices):
    """How the customer's judgement of a contact is collected."""

    NONE = "none", _("No rating")
    STAFF = "staff", _("I enter the score the customer gave")
    KIOSK = "kiosk", _("Customer rates now on this device")
    LINK = "link", _("Show a link and QR code")
    EMAIL = "email", _("E-mail the link to the customer")


class ActiveQuerySet[M: models.Model](models.QuerySet[M]):
    def active(self) -> Self:
        return self.filter(is_active=True)


class Channel(models.Model):
    """How the customer and the organisation meet: a call, a visit, a claim…"""

    name = models.CharField(_("name"), max_length=80)
    description = models.CharField(_("description"), max_length=200, blank=True)
    default_rating_method = models.CharField(
        _("default rating method"),
        max_length=10,
        choices=RatingMethod.choices,
        default=RatingMethod.LINK,
        help_text=_("Pre-selected on the logging form for contacts on this channel."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="channel_name_unique_ci")]

    def __str__(self) -> str:
        return self.name


class ContactPointQuerySet(ActiveQuerySet["ContactPoint"]):
    def open_for_logging(self) -> ContactPointQuerySet:
        """Contact points a contact may be logged at: active, on an active channel, in an active department."""
        return self.active().filter(channel__is_active=True, department__is_active=True)

    def for_logging(self, user: User) -> ContactPointQuerySet:
        """The contact points open for logging, the user's own department's first.

        Every department serves customers, so anyone may log at any contact
        point; their own are simply the likeliest.
        """
        own_first = models.Case(
            models.When(department_id=user.department_id, then=0),
            default=1,
            output_field=models.IntegerField(),
        )
        return (
            self.open_for_logging()
            .select_related("channel", "department")
            .annotate(own_first=own_first)
            .order_by("own_first", "name")
        )


class ContactPoint(models.Model):
    """A place where a customer meets the organisation, with how it should go."""

    name = models.CharField(_("name"), max_length=120)
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="contact_points", verbose_name=_("channel")
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="contact_points",
        verbose_name=_("department"),
        help_text=_("The department that owns it."),
    )
    purpose = models.TextField(_("purpose"), help_text=_("What this contact point is for, in one or two sentences."))
    service_standard = models.TextField(
        _("service standard"),
        blank=True,
        help_text=_("How it should be done. One item per line is shown as a checklist."),
    )
    target_csat = models.PositiveSmallIntegerField(
        _("target CSAT %"),
        null=True,
        blank=True,
        help_text=_("Share of ratings of 4 or 5 the organisation aims for, 0–100."),
    )
    rating_method = models.CharField(
        _("rating method"),
        max_length=10,
        choices=RatingMethod.choices,
        blank=True,
        help_text=_("Leave empty to use the channel's default."),
    )
    asks_effort = models.BooleanField(
        _("ask customer effort"),
        default=False,
        help_text=_("Also ask the customer whether the organisation made it easy (1–7)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ContactPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "department", name="contact_point_name_unique_per_department"),
            models.CheckConstraint(
                condition=Q(target_csat__isnull=True) | Q(target_csat__lte=100),
                name="contact_point_target_csat_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def standard_items(self) -> list[str]:
        return [line.strip(" -*•\t") for line in self.service_standard.splitlines() if line.strip(" -*•\t")]

    @property
    def default_rating_method(self) -> str:
        return self.rating_method or self.channel.default_rating_method


SEARCH_NAME_LENGTH = 150


def search_key(text: str) -> str:
    """`text` as the customer search compares it: without case, accents or Thai tone and vowel marks.

    Decomposed (NFKD), every combining mark (category Mn) is dropped: the
    accents of "José" and "Muñoz", and the Thai marks written above or below
    a consonant (ก้อง → กอง), which people often leave out as they type. Both
    the stored names and the typed query go through this, so they compare
    alike on SQLite and PostgreSQL without a database extension.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(char for char in decomposed if unicodedata.category(char) != "Mn").casefold().split())


class Customer(models.Model):
    class Kind(models.TextChoices):
        CURRENT = "current", _("Current customer")
        PROSPECT = "prospect", _("Prospect")

    name = models.CharField(_("name"), max_length=150)
    external_ref = models.CharField(
        _("external reference"), max_length=64, blank=True, help_text=_("The customer's number in the CRM, if any.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CURRENT)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the customer is asked in; empty follows their browser, then the organisation's."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # search_key(name), kept with the name (save() below) for the logging page's customer search.
    search_name = models.CharField(max_length=SEARCH_NAME_LENGTH, blank=True, editable=False)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"], condition=~Q(external_ref=""), name="customer_external_ref_unique"
            ),
        ]
        indexes = [models.Index(Lower("name"), name="customer_name_lower_idx")]

    # Set on the customers the logging page offers: how long ago each was last asked to rate.
    recently_asked_ago: str

    def __str__(self) -> str:
        return f"{self.name} ({self.external_ref})" if self.external_ref else self.name

    def refresh_search_name(self) -> None:
        """Derive search_name from the name; a bulk_create, which skips save(), calls this for each row itself."""
        # Cut to the column's length: case folding may lengthen a name ("ß" → "ss").
        self.search_name = search_key(self.name)[:SEARCH_NAME_LENGTH]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived from the name, never set on its own: every save that writes
        # the name writes its search form too.
        self.refresh_search_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)


class VisibleToQuerySet[M: models.Model](models.QuerySet[M]):
    """For querysets of rows carrying a contact's department and representative snapshots.

    Contacts and the dashboards' rollup rows share this one rule, so a figure
    never counts a contact its viewer could not open.
    """

    def visible_to(self, user: User) -> Self:
        """The one place that decides whose contacts a user may see.

        Staff see their own; managers the contacts of the departments they
        manage (and their own); admins everything.
        """
        if not user.is_active:  # an anonymous user is never active
            return self.none()
        if user.is_admin:
            return self
        if user.is_manager:
            return self.filter(Q(department_id__in=user.managed_department_ids()) | Q(representative=user))
        return self.filter(representative=user)


class ContactQuerySet(VisibleToQuerySet["Contact"]):
    def with_related(self) -> ContactQuerySet:
        return self.select_related("contact_point", "channel", "department", "representative", "customer", "rating")


class Contact(models.Model):
    """A moment of truth: one contact between a customer and one of our people."""

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        FOLLOW_UP = "follow_up", _("Follow-up needed")
        REFERRED = "referred", _("Referred")
        UNRESOLVED = "unresolved", _("Unresolved")

    contact_point = models.ForeignKey(
        ContactPoint, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("contact point")
    )
    representative = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("representative")
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("customer")
    )
    # Snapshots taken when the contact is logged, so history stays true when a
    # representative changes department or a customer becomes a customer, and
    # so the dashboards filter without joins.
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="contacts", verbose_name=_("channel"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, related_name="contacts", verbose_name=_("department")
    )
    customer_kind = models.CharField(_("customer kind"), max_length=10, choices=Customer.Kind.choices)

    occurred_at = models.DateTimeField(_("occurred at"), default=timezone.now)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.RESOLVED)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)

    logged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("logged by"))
    logged_at = models.DateTimeField(_("logged at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="contact_duration_in_range",
            ),
        ]
        indexes = [
            # "My contacts", newest first.
            models.Index(fields=["representative", "-occurred_at"], name="contact_rep_occurred_idx"),
            # A manager's department list, newest first.
            models.Index(fields=["department", "-occurred_at"], name="contact_dept_occurred_idx"),
            models.Index(fields=["-occurred_at"], name="contact_occurred_idx"),
            # A contact point's or a channel's latest contacts and memorable
            # moments, and the contact list filtered to one of them (every
            # drill-down from their dashboards), without walking the whole
            # period's contacts to find theirs.
            models.Index(fields=["contact_point", "-occurred_at"], name="contact_point_occurred_idx"),
            models.Index(fields=["channel", "-occurred_at"], name="contact_channel_occurred_idx"),
        ]

    def __str__(self) -> str:
        return _("%(contact_point)s with %(customer)s on %(occurred_at)s") % {
            "contact_point": self.contact_point,
            "customer": self.customer,
            "occurred_at": format_date(timezone.localtime(self.occurred_at), "SHORT_DATETIME_FORMAT"),
        }

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("contact_detail", args=[self.pk])

    def clean(self) -> None:
        # Every write runs this (the logging service's full_clean, the
        # admin's forms): a date near the calendar's ends, stored, would
        # break every page that shows it in local time.
        if self.occurred_at is not None:
            try:
                validate_date_in_range(self.occurred_at)
            except ValidationError as error:
                raise ValidationError({"occurred_at": error}) from None

    def edit_deadline(self) -> datetime:
        return self.logged_at + timedelta(hours=settings.CONTACT_EDIT_WINDOW_HOURS)

    def is_editable_by(self, user: User) -> bool:
        """Representatives may correct their own record shortly after logging it."""
        return self.representative_id == user.pk and timezone.now() < self.edit_deadline()

    @property
    def has_rating(self) -> bool:
        try:
            return self.rating is not None
        except Rating.DoesNotExist:
            return False


class Rating(models.Model):
    """The customer's judgement of one contact. At most one, never edited."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Entered by staff, customer present")
        KIOSK = "kiosk", _("Kiosk (staff device)")
        LINK = "link", _("Customer link")
        IMPORT = "import", _("Import")
        API = "api", _("API")

    SCALE = {
        1: _("Very dissatisfied"),
        2: _("Dissatisfied"),
        3: _("Neither satisfied nor dissatisfied"),
        4: _("Satisfied"),
        5: _("Very satisfied"),
    }

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="rating", verbose_name=_("contact"))
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    effort_score = models.PositiveSmallIntegerField(_("effort score"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    entered_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
        help_text=_("Staff who typed it in."),
    )
    submitted_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
        help_text=_("Whose login sent the customer's answer: who handed over the kiosk, or answered the link."),
    )
    # Derived from submitted_by for every answer recorded since it exists
    # (rating_record sets both), and kept: older link answers from a staff
    # login carry only this flag, without the name.
    submitted_in_staff_session = models.BooleanField(
        _("submitted in a staff session"),
        default=False,
        help_text=_("The customer link was answered from a browser logged in as staff."),
    )

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=MIN_SCORE) & Q(score__lte=MAX_SCORE), name="rating_score_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(effort_score__isnull=True)
                | (Q(effort_score__gte=MIN_EFFORT_SCORE) & Q(effort_score__lte=MAX_EFFORT_SCORE)),
                name="rating_effort_1_to_7",
            ),
        ]

    def __str__(self) -> str:
        return _("%(score)s/%(max)s for contact %(contact)s") % {
            "score": self.score,
            "max": MAX_SCORE,
            "contact": self.contact_id,
        }

    @property
    def score_label(self) -> str:
        return str(self.SCALE.get(self.score, ""))

    @property
    def handed_over_by_someone_else(self) -> bool:
        """A kiosk answer sent from another login than the representative's (a manager's, say): managers must see it."""
        return (
            self.source == self.Source.KIOSK
            and self.submitted_by_id is not None
            and self.submitted_by_id != self.contact.representative_id
        )


class ContactDayRollupQuerySet(VisibleToQuerySet["ContactDayRollup"]):
    """Rollup rows see what their contacts see; tests hold the two equal for every persona."""


class ContactDayRollup(models.Model):
    """Per local day, contact point, representative and customer kind: the counts the dashboards add up.

    A derived table, kept in step with Contact and Rating in the same
    transaction as every write (moments/rollup.py) and rebuilt from them by
    `manage.py rollup_rebuild`. Dashboards read a few thousand of these rows
    instead of joining hundreds of thousands of contacts to their ratings.
    The channel and department are the contact's own snapshots, part of the
    key so that a filter or a visibility rule on them gives the same answer
    here as on the contacts.
    """

    day = models.DateField(help_text="The contact's local date in the configured TIME_ZONE.")
    contact_point = models.ForeignKey(ContactPoint, on_delete=models.CASCADE, related_name="+", db_index=False)
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="+", db_index=False)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, related_name="+", db_index=False)
    representative = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", db_index=False)
    customer_kind = models.CharField(max_length=10, choices=Customer.Kind.choices)

    # Plain integers, not positive ones: a rollup that drifted (rows inserted
    # behind the services' back) must never make a customer's write fail.
    contacts = models.IntegerField(default=0)
    outcome_resolved = models.IntegerField(default=0)
    outcome_follow_up = models.IntegerField(default=0)
    outcome_referred = models.IntegerField(default=0)
    outcome_unresolved = models.IntegerField(default=0)
    timed_contacts = models.IntegerField(default=0, help_text="Contacts with a duration.")
    duration_minutes_total = models.BigIntegerField(default=0)
    score_1 = models.IntegerField(default=0)
    score_2 = models.IntegerField(default=0)
    score_3 = models.IntegerField(default=0)
    score_4 = models.IntegerField(default=0)
    score_5 = models.IntegerField(default=0)
    # Rating invitations (surveys fills these through moments.rollup): those
    # that reached the customer, and those of them answered.
    invitations_sent = models.IntegerField(default=0)
    invitations_answered = models.IntegerField(default=0)

    objects = ContactDayRollupQuerySet.as_manager()

    class Meta:
        constraints = [
            # One row per key. NULL departments are never equal to each other in
            # a unique index, hence the second, partial constraint for them.
            models.UniqueConstraint(
                fields=["day", "contact_point", "representative", "customer_kind", "channel", "department"],
                condition=Q(department__isnull=False),
                name="rollup_one_row_per_key",
            ),
            models.UniqueConstraint(
                fields=["day", "contact_point", "representative", "customer_kind", "channel"],
                condition=Q(department__isnull=True),
                name="rollup_one_row_per_key_no_department",
            ),
        ]
        indexes = [
            # Admins' pages read a period of days; the unique index above
            # starts with day but is partial, so the planner cannot rely on it.
            models.Index(fields=["day"], name="rollup_day_idx"),
            # A manager's pages: their departments over a period.
            models.Index(fields=["department", "day"], name="rollup_dept_day_idx"),
            # A representative's page, and staff seeing their own figures.
            models.Index(fields=["representative", "day"], name="rollup_rep_day_idx"),
            # A contact point's page.
            models.Index(fields=["contact_point", "day"], name="rollup_point_day_idx"),
            # A channel's page.
            models.Index(fields=["channel", "day"], name="rollup_channel_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} · contact point {self.contact_point_id} · representative {self.representative_id}"
