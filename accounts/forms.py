"""What a person sets for themselves: the language Moments speaks to them."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.middleware import language_name
from accounts.models import User


def language_choices() -> list[tuple[str, str]]:
    """Each language in its own name ("Español", "ไทย"): a reader who cannot read the page still finds theirs."""
    return [(code, language_name(code)) for code, _name in settings.LANGUAGES]


class PreferencesForm(forms.ModelForm[User]):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Kept with your login, on every device; your browser's language decides while none is chosen."),
    )

    class Meta:
        model = User
        fields = ["language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["language"]).choices = [("", _("Browser's language")), *language_choices()]
