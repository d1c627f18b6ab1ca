from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from moments.models import Rating
from moments.scale import EFFORT_SCORES, MAX_EFFORT_SCORE
from surveys.models import CHOOSE_A_METHOD, InvitationMethod

# Long enough for a story, short enough to read on a dashboard; well within
# the 2,000 characters Rating.comment holds.
COMMENT_MAX_LENGTH = 1000
CHOOSE_A_SCORE = gettext_lazy("Please choose how satisfied you are, from 1 to 5.")


class SurveyResponseForm(forms.Form):
    """The customer's answer: a score, a comment if they like, and the effort question where asked.

    Made in the language the customer reads (the views build it inside their
    translation.override): the effort question's wording is settled here.
    """

    score = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you with this contact?"),
        choices=[(score, label) for score, label in Rating.SCALE.items()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_A_SCORE, "invalid_choice": CHOOSE_A_SCORE},
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything you would like to tell us? (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("Please keep your comment under %(limit_value)d characters.")},
    )
    effort_score = forms.TypedChoiceField(
        choices=[(value, str(value)) for value in EFFORT_SCORES],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, asks_effort: bool, organisation_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_effort:
            del self.fields["effort_score"]
            return
        effort = self.fields["effort_score"]
        effort.error_messages["invalid_choice"] = gettext(
            "Please choose a value from 1 to %(maximum)d, or leave it empty."
        ) % {"maximum": MAX_EFFORT_SCORE}
        if organisation_name:
            effort.label = gettext("%(organisation)s made it easy to handle my request.") % {
                "organisation": organisation_name
            }
        else:
            effort.label = gettext("The organisation made it easy to handle my request.")


class InvitationMethodForm(forms.Form):
    """Staff choosing how to invite the customer from the contact's page."""

    method = forms.ChoiceField(
        choices=InvitationMethod.choices,
        error_messages={"invalid_choice": CHOOSE_A_METHOD, "required": CHOOSE_A_METHOD},
    )
