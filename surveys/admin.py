from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.http import signed_in_user
from moments.admin import DateDrillDownRefusesOverflow
from moments.models import Rating
from moments.rollup import rollup_invitation_changed
from moments.scale import EFFORT_SCORES
from surveys.models import RatingCorrection, SurveyInvitation
from surveys.services import NOTHING_WOULD_CHANGE, rating_correct, rollup_counts


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(DateDrillDownRefusesOverflow, admin.ModelAdmin[SurveyInvitation]):
    list_display = ["contact", "method", "created_at", "sent_at", "first_opened_at", "answered_at", "send_attempts"]
    list_filter = ["method"]
    date_hierarchy = "created_at"
    list_select_related = ["contact__contact_point", "contact__customer"]
    # The token is the customer's key: it is never shown in a list or a form.
    exclude = ["token"]
    readonly_fields = [f.name for f in SurveyInvitation._meta.fields if f.name != "token"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    # A deleted invitation leaves the dashboards' response rate in the same transaction.
    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: SurveyInvitation) -> None:
        counted = rollup_counts(obj)
        obj.delete()
        rollup_invitation_changed(obj.contact, before=counted)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for invitation in queryset.select_related("contact"):
            self.delete_model(request, invitation)


class RatingCorrectionForm(forms.ModelForm[RatingCorrection]):
    """Correcting a rating: the new values and, always, the reason."""

    new_score = forms.TypedChoiceField(label=_("New score"), choices=list(Rating.SCALE.items()), coerce=int)
    # A rating's comment has a length the customer's form keeps; the correction keeps it too.
    new_comment = forms.CharField(
        label=_("New comment"),
        required=False,
        max_length=Rating._meta.get_field("comment").max_length,
        widget=forms.Textarea,
    )
    new_effort_score = forms.TypedChoiceField(
        label=_("New effort score"),
        choices=[("", "—")] + [(v, str(v)) for v in EFFORT_SCORES],
        coerce=int,
        required=False,
        empty_value=None,
    )

    class Meta:
        model = RatingCorrection
        fields = ["rating", "new_score", "new_comment", "new_effort_score", "reason"]
        help_texts = {"reason": _("Why the customer's rating is changed. Kept with the rating for good.")}

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the rating is corrected."))
        rating = cleaned.get("rating")
        new_values = (
            cleaned.get("new_score"),
            (cleaned.get("new_comment") or "").strip(),
            cleaned.get("new_effort_score"),
        )
        if rating is not None and new_values == (rating.score, rating.comment, rating.effort_score):
            raise ValidationError(NOTHING_WOULD_CHANGE)
        return cleaned


@admin.register(RatingCorrection)
class RatingCorrectionAdmin(admin.ModelAdmin[RatingCorrection]):
    """Corrections are added, never changed or deleted: the record of who changed what, and why."""

    form = RatingCorrectionForm
    list_display = ["rating", "old_score", "new_score", "corrected_by", "corrected_at"]
    raw_id_fields = ["rating"]
    list_select_related = ["rating", "corrected_by"]

    def get_readonly_fields(self, request: HttpRequest, obj: RatingCorrection | None = None) -> list[str]:
        if obj is None:
            return []
        return [f.name for f in RatingCorrection._meta.fields]

    def get_fields(self, request: HttpRequest, obj: RatingCorrection | None = None) -> Any:
        if obj is None:
            return ["rating", "new_score", "new_comment", "new_effort_score", "reason"]
        return [f.name for f in RatingCorrection._meta.fields if f.name != "id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_authenticated and request.user.is_admin

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change page exists only to read a correction; nothing on it can be saved.
        return request.user.is_authenticated and request.user.is_admin and request.method in ("GET", "HEAD")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: RatingCorrection, form: forms.ModelForm[RatingCorrection], change: bool
    ) -> None:
        # Through the service, which locks the rating, keeps the old values
        # and refuses a correction without a reason.
        correction = rating_correct(
            rating=form.cleaned_data["rating"],
            corrected_by=signed_in_user(request),
            reason=form.cleaned_data["reason"],
            score=form.cleaned_data["new_score"],
            comment=form.cleaned_data.get("new_comment") or "",
            effort_score=form.cleaned_data.get("new_effort_score"),
        )
        # The admin goes on with `obj` (its log entry, the redirect): make it the saved correction.
        for field in RatingCorrection._meta.concrete_fields:
            setattr(obj, field.attname, getattr(correction, field.attname))
