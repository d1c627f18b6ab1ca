"""Forms admins use to configure channels, departments and contact points."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from moments.models import Channel, ContactPoint, RatingMethod


def _name_taken(queryset: models.QuerySet[models.Model], name: str, instance: models.Model) -> bool:
    """Whether another row already has this name, compared as the database constraint compares it.

    Lower() on both sides, in SQL, so the check agrees with the unique
    constraints (`…_name_unique_ci`) and a clash is a field error, not an
    IntegrityError.
    """
    clashes = queryset.alias(name_lower=Lower("name")).filter(name_lower=Lower(Value(name)))
    if instance.pk is not None:
        clashes = clashes.exclude(pk=instance.pk)
    taken: bool = clashes.exists()
    return taken


class ActiveOrCurrentChoiceField(forms.ModelChoiceField[Any]):
    """A choice of active rows; a retired one only shows when it is the current value, marked as such."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj) if obj.is_active else gettext("%(name)s (retired)") % {"name": obj}


def _active_or_current[M: models.Model](queryset: models.QuerySet[M], current_id: int | None) -> models.QuerySet[M]:
    # Editing a contact point whose channel was retired must not force a new
    # channel on it: the current one stays selectable, the other retired ones do not.
    return queryset.filter(Q(is_active=True) | Q(pk=current_id)) if current_id else queryset.filter(is_active=True)


class ChannelForm(forms.ModelForm[Channel]):
    class Meta:
        model = Channel
        fields = ["name", "description", "default_rating_method", "is_active"]
        help_texts = {
            "is_active": _("Retired channels keep their history; their contact points are hidden from logging.")
        }

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if _name_taken(Channel.objects.all(), name, self.instance):
            raise forms.ValidationError(_("A channel with this name already exists (names ignore upper/lower case)."))
        return name


class DepartmentForm(forms.ModelForm[Department]):
    class Meta:
        model = Department
        fields = ["name", "is_active"]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if _name_taken(Department.objects.all(), name, self.instance):
            raise forms.ValidationError(
                _("A department with this name already exists (names ignore upper/lower case).")
            )
        return name


class ContactPointForm(forms.ModelForm[ContactPoint]):
    channel = ActiveOrCurrentChoiceField(queryset=Channel.objects.none(), label=_("Channel"))
    department = ActiveOrCurrentChoiceField(
        queryset=Department.objects.none(), label=_("Owning department"), help_text=_("The department that owns it.")
    )
    # The database only refuses above 100; the form says so in words first.
    target_csat = forms.IntegerField(
        label=_("Target CSAT %"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Share of ratings of 4 or 5 the organisation aims for, 0–100. Leave empty for no target."),
        error_messages={
            "min_value": _("Enter a percentage from 0 to 100."),
            "max_value": _("Enter a percentage from 0 to 100."),
        },
    )

    class Meta:
        model = ContactPoint
        fields = [
            "name",
            "channel",
            "department",
            "purpose",
            "service_standard",
            "target_csat",
            "rating_method",
            "asks_effort",
            "is_active",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "service_standard": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "service_standard": _(
                "How it should be done, one item per line. Staff see it as a checklist when they log."
            ),
            "rating_method": _("Pre-selected on the logging form; the channel's default follows the channel."),
            "is_active": _("Retired contact points are hidden from logging; their contacts and figures stay."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField[Channel], self.fields["channel"]).queryset = _active_or_current(
            Channel.objects.all(), self.instance.channel_id
        )
        cast(forms.ModelChoiceField[Department], self.fields["department"]).queryset = _active_or_current(
            Department.objects.all(), self.instance.department_id
        )
        cast(forms.ChoiceField, self.fields["rating_method"]).choices = [
            ("", _("The channel's default")),
            *RatingMethod.choices,
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        name, department = cleaned.get("name"), cleaned.get("department")
        if name and department is not None:
            same_department = ContactPoint.objects.filter(department=department)
            if _name_taken(same_department, name, self.instance):
                self.add_error(
                    "name",
                    gettext(
                        "%(department)s already has a contact point with this name (names ignore upper/lower case)."
                    )
                    % {"department": department},
                )
        return cleaned
