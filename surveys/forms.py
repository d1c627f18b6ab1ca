from __future__ import annotations

from typing import Any

from django import forms

from moments.models import Rating
from moments.scale import EFFORT_SCORES, MAX_EFFORT_SCORE
from surveys.models import InvitationMethod

# Long enough for a story, short enough to read on a dashboard; well within
# the 2,000 characters Rating.comment holds.
COMMENT_MAX_LENGTH = 1000


class SurveyResponseForm(forms.Form):
    """The customer's answer: a score, a comment if they like, and the effort question where asked."""

    score = forms.TypedChoiceField(
        label="How satisfied are you with this contact?",
        choices=[(score, label) for score, label in Rating.SCALE.items()],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose how satisfied you are, from 1 to 5.",
            "invalid_choice": "Please choose how satisfied you are, from 1 to 5.",
        },
    )
    comment = forms.CharField(
        label="Anything you would like to tell us? (optional)",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Please keep your comment under %(limit_value)d characters."},
    )
    effort_score = forms.TypedChoiceField(
        label="The organisation made it easy to handle my request.",
        choices=[(value, str(value)) for value in EFFORT_SCORES],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": f"Please choose a value from 1 to {MAX_EFFORT_SCORE}, or leave it empty."},
    )

    def __init__(self, *args: Any, asks_effort: bool, organisation_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_effort:
            del self.fields["effort_score"]
        elif organisation_name:
            self.fields["effort_score"].label = f"{organisation_name} made it easy to handle my request."


class InvitationMethodForm(forms.Form):
    """Staff choosing how to invite the customer from the contact's page."""

    method = forms.ChoiceField(
        choices=InvitationMethod.choices,
        error_messages={
            "invalid_choice": "Choose a link, an e-mail or a kiosk hand-over.",
            "required": "Choose a link, an e-mail or a kiosk hand-over.",
        },
    )
