"""Admins see who created, edited, retired, reactivated or deleted a channel, department or contact point."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from auditlog.models import LogEntry
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.models import Department
from moments.models import Channel, ContactPoint, RatingMethod
from tests.audit.conftest import changes_of, entries_for
from tests.factories import ContactPointFactory, DepartmentFactory

pytestmark = pytest.mark.django_db

CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE


def channel_post(**changes: object) -> dict[str, object]:
    return {"name": "Web chat", "description": "", "default_rating_method": "link", "is_active": "on", **changes}


def department_post(**changes: object) -> dict[str, object]:
    return {"name": "Claims", "is_active": "on", **changes}


@pytest.fixture
def contact_point_post(channel: Channel, department_a: Department) -> Callable[..., dict[str, object]]:
    def post(**changes: object) -> dict[str, object]:
        return {
            "name": "Walk-in desk",
            "channel": channel.pk,
            "department": department_a.pk,
            "purpose": "Answer questions of customers who come in.",
            "service_standard": "Greet within 30 seconds",
            "target_csat": "90",
            "rating_method": "",
            "is_active": "on",
            **changes,
        }

    return post


def life_cycle(
    client: Client, prefix: str, model: type[models.Model], create: dict[str, object], edit: dict[str, object]
) -> list[LogEntry]:
    """Create, edit, retire, reactivate and delete one object through the configuration pages."""
    assert client.post(reverse(f"{prefix}_create"), create).status_code == 302
    obj = model.objects.get(name=create["name"])
    assert client.post(reverse(f"{prefix}_edit", args=[obj.pk]), edit).status_code == 302
    assert client.post(reverse(f"{prefix}_retire", args=[obj.pk])).status_code == 302
    assert client.post(reverse(f"{prefix}_reactivate", args=[obj.pk])).status_code == 302
    assert client.post(reverse(f"{prefix}_delete", args=[obj.pk])).status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()
    return entries_for(obj)


def test_a_channels_whole_life_is_recorded_with_who_and_what(as_user, admin):
    entries = life_cycle(
        as_user(admin),
        "channel",
        Channel,
        channel_post(),
        channel_post(name="Live chat", default_rating_method=RatingMethod.KIOSK),
    )

    assert [entry.action for entry in entries] == [CREATE, UPDATE, UPDATE, UPDATE, DELETE]
    assert {entry.actor for entry in entries} == {admin}
    assert changes_of(entries[0])["name"] == [None, "Web chat"]
    assert changes_of(entries[1]) == {"name": ["Web chat", "Live chat"], "default_rating_method": ["link", "kiosk"]}
    assert changes_of(entries[2]) == {"is_active": [True, False]}
    assert changes_of(entries[3]) == {"is_active": [False, True]}
    assert changes_of(entries[4])["name"] == ["Live chat", None]


def test_a_departments_whole_life_is_recorded(as_user, admin):
    entries = life_cycle(
        as_user(admin), "department", Department, department_post(), department_post(name="Claims desk")
    )

    assert [entry.action for entry in entries] == [CREATE, UPDATE, UPDATE, UPDATE, DELETE]
    assert {entry.actor for entry in entries} == {admin}
    assert changes_of(entries[1]) == {"name": ["Claims", "Claims desk"]}
    assert changes_of(entries[2]) == {"is_active": [True, False]}


def test_a_contact_points_whole_life_is_recorded(as_user, admin, contact_point_post, department_a, department_b):
    entries = life_cycle(
        as_user(admin),
        "contact_point",
        ContactPoint,
        contact_point_post(),
        contact_point_post(department=department_b.pk, target_csat="80", rating_method=RatingMethod.EMAIL),
    )

    assert [entry.action for entry in entries] == [CREATE, UPDATE, UPDATE, UPDATE, DELETE]
    assert {entry.actor for entry in entries} == {admin}
    assert changes_of(entries[1]) == {
        "department": [department_a.pk, department_b.pk],
        "target_csat": [90, 80],
        "rating_method": ["", "email"],
    }


def test_the_edit_page_lists_the_changes_with_labels_and_names(as_user, admin, contact_point, department_b):
    client = as_user(admin)
    edit = {
        "name": contact_point.name,
        "channel": contact_point.channel_id,
        "department": department_b.pk,
        "purpose": contact_point.purpose,
        "service_standard": contact_point.service_standard,
        "target_csat": "85",
        "rating_method": RatingMethod.KIOSK,
        "asks_effort": "on",
        "is_active": "on",
    }
    client.post(reverse("contact_point_edit", args=[contact_point.pk]), edit)

    response = client.get(reverse("contact_point_edit", args=[contact_point.pk]))

    page = response.content.decode()
    assert 'data-testid="audit-history"' in page
    newest = response.context["history"].entries[0]
    assert newest.actor == admin.name and newest.action == "Changed"
    assert {(change.label, change.old, change.new) for change in newest.changes} == {
        ("Department", "Support", "Billing"),
        ("Rating method", "—", "Customer rates now on this device"),
        ("Ask customer effort", "No", "Yes"),
    }
    assert "<del>Support</del> → <ins>Billing</ins>" in page


def test_a_change_made_outside_a_request_is_the_systems(as_user, admin, channel):
    before = channel.description or "—"
    channel.description = "Inbound calls"
    channel.save()

    history = as_user(admin).get(reverse("channel_edit", args=[channel.pk])).context["history"]

    assert history.entries[0].actor == "System"
    assert [(c.label, c.old, c.new) for c in history.entries[0].changes] == [("Description", before, "Inbound calls")]


def test_a_related_object_deleted_since_is_named_as_such(as_user, admin, contact_point):
    old_department = DepartmentFactory(name="Old desk")
    point = ContactPointFactory(name="Desk", department=old_department, channel=contact_point.channel)
    point.department = contact_point.department
    point.save()
    old_department_pk = old_department.pk
    old_department.delete()

    history = as_user(admin).get(reverse("contact_point_edit", args=[point.pk])).context["history"]

    change = next(c for c in history.entries[0].changes if c.label == "Department")
    assert (change.old, change.new) == (f"Department {old_department_pk} (deleted)", "Support")


def test_the_django_admins_history_page_shows_the_same_changes(as_user, admin, channel):
    client = as_user(admin)
    before = RatingMethod(channel.default_rating_method).label
    client.post(reverse("channel_edit", args=[channel.pk]), channel_post(name="Phone", default_rating_method="kiosk"))

    page = client.get(f"/admin/moments/channel/{channel.pk}/history/").content.decode()

    assert 'data-testid="audit-history"' in page
    assert "Phone call → Phone" in page and f"{before} → Customer rates now on this device" in page
    assert admin.name in page


@pytest.mark.parametrize("persona", ["staff_a", "manager_a"])
def test_nobody_but_admins_reads_a_configuration_history(as_user, request, persona, channel, department_a):
    client = as_user(request.getfixturevalue(persona))
    for url in (
        reverse("channel_edit", args=[channel.pk]),
        reverse("department_edit", args=[department_a.pk]),
        f"/admin/moments/channel/{channel.pk}/history/",
        f"/admin/accounts/department/{department_a.pk}/history/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"audit-history" not in response.content, url
