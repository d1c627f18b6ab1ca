from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Department, User
from moments.dates import BoundedDateField, local_start
from moments.models import Channel, Contact, ContactPoint, Customer, Rating

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
# What an unset filter says: it lets every contact through.
ANY = _("Any")


class BoundedDateFilter(django_filters.DateFilter):
    """A date filter that refuses, with a message, a date too far off for the arithmetic of a day's range."""

    field_class = BoundedDateField


def filter_problems(form: forms.Form) -> list[str]:
    """What in a URL's filters was not understood, one sentence per filter, worded alike on every page.

    The page drops each of these filters and applies the rest.
    """
    problems = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = (field.label if field is not None else None) or name.replace("_", " ").capitalize()
        problems.append(
            gettext("%(filter)s: %(problem)s. That filter is not applied.")
            % {"filter": capfirst(label), "problem": " ".join(str(error).rstrip(".") for error in errors)}
        )
    return problems


class YesNoAnySelect(forms.Select):
    """Yes / No / Any for a yes-no filter; django-filter's own default reads "Unknown" for "not filtered"."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, choices=[("", ANY), ("true", _("Yes")), ("false", _("No"))])


class ContactFilter(django_filters.FilterSet):
    """Filters of the contact lists; every value lives in the URL so a view can be shared.

    Choices offered to the user are limited to what they may see, so an id of
    somebody else's department or representative is refused as an invalid
    choice rather than silently applied.
    """

    # Local days (TIME_ZONE's, as the dashboards and their rollup count them)
    # as a range on occurred_at, midnight to midnight, rather than each
    # contact's date: the same contacts, but the date index can find them,
    # which every dashboard drill-down relies on at a million contacts.
    date_from = BoundedDateFilter(
        field_name="occurred_at", method="filter_date_from", label=_("From"), widget=DATE_INPUT
    )
    date_to = BoundedDateFilter(field_name="occurred_at", method="filter_date_to", label=_("To"), widget=DATE_INPUT)
    channel = django_filters.ModelChoiceFilter(queryset=Channel.objects.all(), label=_("Channel"), empty_label=ANY)
    contact_point = django_filters.ModelChoiceFilter(
        queryset=ContactPoint.objects.select_related("channel"), label=_("Contact point"), empty_label=ANY
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.none(), label=_("Department"), empty_label=ANY
    )
    representative = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), label=_("Representative"), empty_label=ANY
    )
    customer_kind = django_filters.ChoiceFilter(
        choices=Customer.Kind.choices, label=_("Customer kind"), empty_label=ANY
    )
    outcome = django_filters.MultipleChoiceFilter(
        choices=Contact.Outcome.choices, label=_("Outcome"), widget=forms.CheckboxSelectMultiple
    )
    rated = django_filters.BooleanFilter(
        field_name="rating", lookup_expr="isnull", exclude=True, label=_("Rated"), widget=YesNoAnySelect
    )
    score = django_filters.MultipleChoiceFilter(
        label=_("Rating score"),
        field_name="rating__score",
        choices=[(score, str(score)) for score in Rating.SCALE],
        widget=forms.CheckboxSelectMultiple,
    )
    rating_source = django_filters.ChoiceFilter(
        field_name="rating__source", choices=Rating.Source.choices, label=_("Rating source"), empty_label=ANY
    )
    commented = django_filters.BooleanFilter(method="filter_commented", label=_("With comment"), widget=YesNoAnySelect)
    # The n of the dashboards' average handling time: contacts whose duration was logged.
    timed = django_filters.BooleanFilter(
        field_name="duration_minutes",
        lookup_expr="isnull",
        exclude=True,
        label=_("With duration"),
        widget=YesNoAnySelect,
    )

    class Meta:
        model = Contact
        fields: list[str] = []

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.sees_others:
            department = cast(django_filters.ModelChoiceFilter, self.filters["department"])
            department.queryset = Department.objects.visible_to(user)
            representative = cast(django_filters.ModelChoiceFilter, self.filters["representative"])
            representative.queryset = User.objects.visible_to(user)
        else:
            del self.filters["department"]
            del self.filters["representative"]

    @property
    def problems(self) -> list[str]:
        return filter_problems(self.form) if self.is_bound else []

    def filter_date_from(self, queryset: QuerySet[Contact], name: str, value: date) -> QuerySet[Contact]:
        return queryset.filter(occurred_at__gte=local_start(value))

    def filter_date_to(self, queryset: QuerySet[Contact], name: str, value: date) -> QuerySet[Contact]:
        return queryset.filter(occurred_at__lt=local_start(value + timedelta(days=1)))

    def filter_commented(self, queryset: QuerySet[Contact], name: str, value: bool | None) -> QuerySet[Contact]:
        if value is None:
            return queryset
        has_comment = Q(rating__isnull=False) & ~Q(rating__comment="")
        return queryset.filter(has_comment) if value else queryset.exclude(has_comment)
