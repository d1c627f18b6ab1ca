from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User
from moments.dates import BoundedDateTimeField
from moments.models import MAX_DURATION_MINUTES, Channel, Contact, ContactPoint, Customer, Rating, RatingMethod
from moments.rating_requests import fatigue_note, get_provider

# Clocks on phones drift and people press "save" a moment early.
FUTURE_TOLERANCE = timedelta(minutes=5)
# Older contacts come in through the historical import, not the logging form.
MAX_LOGGING_AGE = timedelta(days=365)

SCORE_CHOICES = [(score, format_lazy("{} – {}", score, label)) for score, label in Rating.SCALE.items()]
# The customer's own answer first: it is the stronger evidence.
RATING_METHODS_IN_ORDER = [
    RatingMethod.KIOSK,
    RatingMethod.LINK,
    RatingMethod.EMAIL,
    RatingMethod.STAFF,
    RatingMethod.NONE,
]
# Methods that invite the customer; they need the surveys app's provider.
INVITING_METHODS = {RatingMethod.KIOSK, RatingMethod.LINK, RatingMethod.EMAIL}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal, shown on the form: on the field it names if the form has it, above the form if not."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def contact_point_label(name: str, channel_name: str, department_name: str) -> str:
    return f"{name} · {channel_name} ({department_name})"


class ContactPointChoiceField(forms.ModelChoiceField[ContactPoint]):
    def label_from_instance(self, obj: ContactPoint) -> str:
        return contact_point_label(obj.name, obj.channel.name, obj.department.name)


# What the logging form reads of each contact point it offers: the list's label
# and way of rating, and the purpose, standard and target shown for the chosen one.
_POINT_FIELDS = ["id", "name", "purpose", "service_standard", "target_csat", "rating_method"]
_OFFERED_COLUMNS = [
    *_POINT_FIELDS,
    "channel_id",
    "channel__name",
    "channel__default_rating_method",
    "department_id",
    "department__name",
]


class ContactPointOption(NamedTuple):
    value: str
    label: str
    rating_method: str
    selected: bool


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ContactLogForm(forms.Form):
    """Everything needed to log one contact, in the order it happens."""

    contact_point = ContactPointChoiceField(
        label=_("Contact point"),
        queryset=ContactPoint.objects.none(),
        error_messages={
            "invalid_choice": _("This contact point does not exist or is retired; choose one from the list."),
            "required": _("Choose the contact point."),
        },
    )
    customer = forms.ModelChoiceField(
        queryset=Customer.objects.all(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That customer does not exist; search again or create a new one.")},
    )
    new_customer_name = forms.CharField(label=_("New customer's name"), max_length=150, required=False)
    new_customer_kind = forms.ChoiceField(
        label=pgettext_lazy("customer", "Kind"),
        choices=Customer.Kind.choices,
        initial=Customer.Kind.CURRENT,
        required=False,
    )
    new_customer_email = forms.EmailField(label=_("E-mail"), required=False)
    new_customer_phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    occurred_at = BoundedDateTimeField(label=_("Occurred at"), widget=LocalDateTimeInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        min_value=0,
        max_value=MAX_DURATION_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Contact.Outcome.choices, initial=Contact.Outcome.RESOLVED, widget=forms.RadioSelect
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=4000)
    rating_method = forms.ChoiceField(
        label=_("Customer's rating"),
        choices=[(method, method.label) for method in RATING_METHODS_IN_ORDER],
        initial=RatingMethod.NONE,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose how the customer rates this contact.")},
    )
    score = forms.TypedChoiceField(
        label=_("Satisfaction score"),
        choices=SCORE_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a score from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Customer's comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # A posted form only checks that the chosen one is open for logging;
        # the ordered list with names is for the page.
        cast(forms.ModelChoiceField[ContactPoint], self.fields["contact_point"]).queryset = (
            ContactPoint.objects.open_for_logging() if self.is_bound else ContactPoint.objects.for_logging(user)
        )
        self.rating_requests = get_provider()
        self.fatigue_note = ""
        if self.rating_requests is None:
            cast(forms.ChoiceField, self.fields["rating_method"]).choices = [
                (method, method.label) for method in RATING_METHODS_IN_ORDER if method not in INVITING_METHODS
            ]
        if not self.is_bound:
            self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
            self.initial.setdefault("rating_method", self._default_rating_method())

    @cached_property
    def _offered_rows(self) -> list[Any]:
        """The contact points offered, in the list's order, as plain rows (_OFFERED_COLUMNS): one query.

        Forty model instances with a channel and a department each cost more
        than the query itself; only the chosen one becomes a ContactPoint.
        """
        offered = ContactPoint.objects.for_logging(self.user)
        return list(offered.values_list(*_OFFERED_COLUMNS, named=True))

    def contact_point_chosen(self) -> ContactPoint | None:
        """The offered contact point the form holds (posted or initial), if it is one of those offered.

        Made with Model.from_db from the row already read, as a queryset with
        only() would: the columns the standard beside the list shows, the
        rest deferred, its channel and department attached.
        """
        value = str(self["contact_point"].value())
        row = next((row for row in self._offered_rows if str(row.id) == value), None)
        if row is None:
            return None
        db = ContactPoint.objects.db
        point = ContactPoint.from_db(db, _POINT_FIELDS, [getattr(row, name) for name in _POINT_FIELDS])
        point.channel = Channel.from_db(
            db,
            ["id", "name", "default_rating_method"],
            [row.channel_id, row.channel__name, row.channel__default_rating_method],
        )
        point.department = Department.from_db(db, ["id", "name"], [row.department_id, row.department__name])
        return point

    def contact_point_options(self) -> list[ContactPointOption]:
        """The select's options with each one's way of rating (the page's script pre-selects it)."""
        field = cast(forms.ModelChoiceField[ContactPoint], self.fields["contact_point"])
        value = str(self["contact_point"].value())
        options = [] if field.empty_label is None else [ContactPointOption("", str(field.empty_label), "", value == "")]
        for row in self._offered_rows:
            options.append(
                ContactPointOption(
                    str(row.id),
                    contact_point_label(row.name, row.channel__name, row.department__name),
                    row.rating_method or row.channel__default_rating_method,
                    str(row.id) == value,
                )
            )
        return options

    def _default_rating_method(self) -> str:
        """The chosen contact point's way of rating (its own, or its channel's), if this form offers it."""
        contact_point_id = self.initial.get("contact_point")
        if not contact_point_id:
            return RatingMethod.NONE
        contact_point = self.contact_point_chosen()
        # The stubs give the choices' getter the type of what the setter accepts.
        choices = cast(forms.ChoiceField, self.fields["rating_method"]).choices
        offered = {value for value, _ in choices}  # type: ignore[misc, union-attr]
        if contact_point is None or contact_point.default_rating_method not in offered:
            return RatingMethod.NONE
        return contact_point.default_rating_method

    def clean_occurred_at(self) -> Any:
        occurred_at = self.cleaned_data["occurred_at"]
        now = timezone.now()
        if occurred_at > now + FUTURE_TOLERANCE:
            raise forms.ValidationError(_("This is in the future; a contact is logged once it has happened."))
        if occurred_at < now - MAX_LOGGING_AGE:
            raise forms.ValidationError(
                _("This is more than a year ago; use the historical import for older contacts.")
            )
        return occurred_at

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        customer = cleaned.get("customer")
        new_name = (cleaned.get("new_customer_name") or "").strip()
        if customer is None and not new_name and "customer" not in self.errors:
            self.add_error("customer", gettext("Choose a customer, or enter a new customer's name."))
        if customer is not None and new_name:
            self.add_error(
                "new_customer_name", gettext("You chose an existing customer; clear this name or the choice.")
            )
        if new_name and not cleaned.get("new_customer_kind"):
            cleaned["new_customer_kind"] = Customer.Kind.CURRENT
        new_email = cleaned.get("new_customer_email")
        if customer is None and new_name and new_email:
            existing = Customer.objects.filter(email__iexact=new_email).order_by("pk").first()
            if existing is not None:
                # A second record of the same person splits their history and
                # slips past the limit on how often they are asked to rate.
                self.add_error(
                    "new_customer_email",
                    gettext("%(customer)s already has this e-mail address; search for them and choose them instead.")
                    % {"customer": existing},
                )
        score_missing = cleaned.get("score") is None and "score" not in self.errors
        method = cleaned.get("rating_method")
        if method == RatingMethod.STAFF and score_missing:
            self.add_error("score", gettext("Choose the score the customer gave, or choose another way to rate."))
        # Without any customer the only thing to say is "choose one"; an
        # e-mail complaint about nobody would send staff to the wrong field.
        if method == RatingMethod.EMAIL and (customer is not None or new_name):
            email = customer.email if customer is not None else cleaned.get("new_customer_email")
            if not email and "new_customer_email" not in self.errors:
                # An existing customer's address cannot be added from this form; a new one's can.
                problem = (
                    gettext("%(customer)s has no e-mail address on file; choose another way to ask.")
                    % {"customer": customer.name}
                    if customer is not None
                    else gettext("The new customer has no e-mail address; add one above, or choose another way to ask.")
                )
                self.add_error("rating_method", problem)
        if method in INVITING_METHODS and customer is not None and self.rating_requests is not None:
            asked_at = self.rating_requests.recently_asked([customer.pk]).get(customer.pk)
            if asked_at is not None:
                # Not an error: the contact is logged, only no invitation goes out.
                self.fatigue_note = fatigue_note(customer_name=customer.name, asked_at=asked_at)
        return cleaned


class ContactCorrectForm(forms.ModelForm[Contact]):
    class Meta:
        model = Contact
        fields = ["outcome", "notes"]
        widgets = {"outcome": forms.RadioSelect, "notes": forms.Textarea(attrs={"rows": 4})}
