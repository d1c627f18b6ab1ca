"""A form sent back with errors says so to a screen reader, not only in red.

Every field in error is marked aria-invalid and points (aria-describedby) at
an element on the page that holds its message; a radio group's fieldset
points at its own. A person who cannot see the colour hears the message
when the field gets the focus.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.factories import ContactFactory, SurveyInvitationFactory


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.invalid: list[dict[str, str]] = []
        self.described: list[dict[str, str]] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str]] = []  # (tag, id) of the elements being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if attributes.get("aria-invalid") == "true":
            self.invalid.append(attributes)
        if tag == "fieldset" and "aria-describedby" in attributes:
            self.described.append(attributes)
        if tag not in {"input", "br", "img", "meta", "link"}:
            self._open.append((tag, attributes.get("id", "")))
            if attributes.get("id"):
                self.texts.setdefault(attributes["id"], "")

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        for _, element_id in self._open:
            if element_id:
                self.texts[element_id] += data


def described_errors(html: str) -> dict[str, str]:
    """Each invalid field's name → the text of what it is described by."""
    fields = _Fields()
    fields.feed(html)
    result = {}
    for attributes in fields.invalid:
        ids = attributes.get("aria-describedby", "").split()
        result[attributes.get("name", "?")] = " ".join(fields.texts.get(i, "") for i in ids).strip()
    return result


def test_the_logging_form_announces_each_fields_error(as_user, staff_a, contact_point):
    response = as_user(staff_a).post("/log/", {"contact_point": contact_point.pk, "duration_minutes": "abc"})

    errors = described_errors(response.content.decode())
    assert {"occurred_at", "duration_minutes"} <= set(errors)
    assert "required" in errors["occurred_at"]
    assert "whole number" in errors["duration_minutes"]


@pytest.mark.parametrize(
    ("path", "data", "field"),
    [
        ("/configure/channels/new/", {"name": ""}, "name"),
        ("/configure/departments/new/", {"name": ""}, "name"),
        ("/configure/contact-points/new/", {"name": ""}, "name"),
    ],
)
def test_the_configuration_forms_announce_their_errors(as_user, admin, path, data, field):
    errors = described_errors(as_user(admin).post(path, data).content.decode())
    assert "required" in errors[field]


def test_the_survey_question_announces_a_missing_score(as_user, staff_a, contact_point):
    invitation = SurveyInvitationFactory(contact=ContactFactory(representative=staff_a, contact_point=contact_point))
    html = as_user(None).post(f"/r/{invitation.token}/", {"comment": "Nice"}).content.decode()

    fields = _Fields()
    fields.feed(html)
    assert any("score-error" in f["aria-describedby"].split() for f in fields.described)
    assert "how satisfied" in fields.texts["score-error"]
