"""Admins configure channels, departments and contact points in the app."""

from __future__ import annotations

import dataclasses

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.models import Department
from moments.models import Channel, ContactPoint, RatingMethod
from moments.views import configuration
from tests.factories import ChannelFactory, ContactFactory, ContactPointFactory, DepartmentFactory, UserFactory

# --- who may configure -------------------------------------------------------


@pytest.fixture
def config_urls(channel, department_a, contact_point) -> dict[str, list[str]]:
    """Every configuration URL, split by the method that uses it."""
    get_urls = [reverse(name) for name in ("channel_list", "department_list", "contact_point_list")]
    get_urls += [reverse(name) for name in ("channel_create", "department_create", "contact_point_create")]
    post_urls = []
    for prefix, obj in (("channel", channel), ("department", department_a), ("contact_point", contact_point)):
        get_urls += [reverse(f"{prefix}_edit", args=[obj.pk]), reverse(f"{prefix}_delete", args=[obj.pk])]
        post_urls += [reverse(f"{prefix}_{action}", args=[obj.pk]) for action in ("retire", "reactivate", "delete")]
    return {"get": get_urls, "post": post_urls}


def test_anonymous_is_sent_to_login_from_every_configuration_url(as_user, config_urls):
    client = as_user(None)
    for url in config_urls["get"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for url in config_urls["post"]:
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert ContactPoint.objects.filter(is_active=True).count() == 1


@pytest.mark.parametrize("persona", ["staff_a", "manager_a", "manager_b", "staff_other"])
def test_non_admins_get_403_on_every_configuration_url(request, as_user, config_urls, persona, contact_point):
    client = as_user(request.getfixturevalue(persona))
    for url in config_urls["get"]:
        assert client.get(url).status_code == 403, url
    for url in config_urls["post"]:
        assert client.post(url, {"name": "Hijacked"}).status_code == 403, url
    contact_point.refresh_from_db()
    assert contact_point.is_active and contact_point.name == "Support hotline"
    assert Channel.objects.filter(pk=contact_point.channel_id, is_active=True).exists()
    assert Department.objects.filter(pk=contact_point.department_id, is_active=True).exists()


def test_admin_can_open_every_configuration_page(as_user, admin, config_urls):
    client = as_user(admin)
    for url in config_urls["get"]:
        assert client.get(url).status_code == 200, url


def test_retire_and_delete_do_not_accept_get(as_user, admin, contact_point):
    client = as_user(admin)
    assert client.get(reverse("contact_point_retire", args=[contact_point.pk])).status_code == 405
    assert client.get(reverse("contact_point_reactivate", args=[contact_point.pk])).status_code == 405
    contact_point.refresh_from_db()
    assert contact_point.is_active


def test_unknown_object_is_404(as_user, admin):
    assert as_user(admin).get(reverse("contact_point_edit", args=[999999])).status_code == 404
    assert as_user(admin).post(reverse("channel_retire", args=[999999])).status_code == 404


def test_configure_menu_is_shown_to_admins_only(as_user, admin, staff_a, manager_a):
    configure_link = reverse("contact_point_list")
    assert configure_link in as_user(admin).get(reverse("contact_list")).content.decode()
    for user in (staff_a, manager_a):
        assert configure_link not in as_user(user).get(reverse("contact_list")).content.decode()


# --- channels -------------------------------------------------------------------


def test_admin_creates_a_channel(as_user, admin):
    response = as_user(admin).post(
        reverse("channel_create"),
        {
            "name": "Video call",
            "description": "A call with video.",
            "default_rating_method": "kiosk",
            "is_active": "on",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("channel_list")
    assert "Channel “Video call” created." in response.content.decode()
    channel = Channel.objects.get(name="Video call")
    assert channel.default_rating_method == RatingMethod.KIOSK and channel.is_active


def test_duplicate_channel_name_in_other_case_is_a_field_error(as_user, admin, channel):
    before = Channel.objects.count()
    response = as_user(admin).post(
        reverse("channel_create"), {"name": "PHONE CALL", "default_rating_method": "link", "is_active": "on"}
    )
    assert response.status_code == 200
    assert "already exists" in " ".join(response.context["form"].errors["name"])
    assert Channel.objects.count() == before


def test_renaming_a_channel_to_another_channels_name_is_refused(as_user, admin, channel):
    other = ChannelFactory(name="Chat")
    response = as_user(admin).post(
        reverse("channel_edit", args=[other.pk]), {"name": "phone call", "default_rating_method": "link"}
    )
    assert "name" in response.context["form"].errors
    other.refresh_from_db()
    assert other.name == "Chat"


def test_a_channel_may_change_the_case_of_its_own_name(as_user, admin, channel):
    response = as_user(admin).post(
        reverse("channel_edit", args=[channel.pk]),
        {"name": "PHONE CALL", "default_rating_method": "link", "is_active": "on"},
    )
    assert response.status_code == 302
    channel.refresh_from_db()
    assert channel.name == "PHONE CALL"


def test_channel_list_counts_contact_points_in_one_query(as_user, admin, channel, django_assert_max_num_queries):
    ContactPointFactory.create_batch(3, channel=channel)
    client = as_user(admin)
    # session, user, the channel list itself
    with django_assert_max_num_queries(3):
        response = client.get(reverse("channel_list"))
    counts = {c.name: c.contact_point_count for c in response.context["objects"]}
    assert counts["Phone call"] == 3
    assert counts["Visit"] == 0


def test_channel_with_contact_points_cannot_be_deleted(as_user, admin, contact_point):
    channel = contact_point.channel
    client = as_user(admin)
    page = client.get(reverse("channel_delete", args=[channel.pk])).content.decode()
    assert "can&#x27;t be deleted" in page and "Retire it instead" in page
    response = client.post(reverse("channel_delete", args=[channel.pk]), follow=True)
    assert "Retire it instead" in response.content.decode()
    assert Channel.objects.filter(pk=channel.pk).exists()


def test_unused_channel_is_deleted_after_confirmation(as_user, admin):
    unused = ChannelFactory(name="Carrier pigeon")
    client = as_user(admin)
    assert "Delete channel" in client.get(reverse("channel_delete", args=[unused.pk])).content.decode()
    response = client.post(reverse("channel_delete", args=[unused.pk]))
    assert response.status_code == 302 and response.url == reverse("channel_list")
    assert not Channel.objects.filter(pk=unused.pk).exists()


def test_retiring_a_channel_hides_its_contact_points_from_logging(as_user, admin, staff_a, contact_point):
    as_user(admin).post(reverse("channel_retire", args=[contact_point.channel_id]))
    assert not Channel.objects.get(pk=contact_point.channel_id).is_active
    form = as_user(staff_a).get(reverse("contact_log")).context["form"]
    assert contact_point not in form.fields["contact_point"].queryset
    contact_point.refresh_from_db()
    assert contact_point.is_active


# --- departments ----------------------------------------------------------------


def test_admin_creates_and_renames_a_department(as_user, admin):
    client = as_user(admin)
    client.post(reverse("department_create"), {"name": "Field service", "is_active": "on"})
    department = Department.objects.get(name="Field service")
    response = client.post(reverse("department_edit", args=[department.pk]), {"name": "Field technicians"})
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == "Field technicians" and not department.is_active


def test_duplicate_department_name_in_other_case_is_a_field_error(as_user, admin, department_a):
    response = as_user(admin).post(reverse("department_create"), {"name": "  sUPPORT ", "is_active": "on"})
    assert "already exists" in " ".join(response.context["form"].errors["name"])
    assert Department.objects.filter(name__iexact="support").count() == 1


def test_department_list_counts_people(as_user, admin, staff_a, staff_b, staff_other, contact_point):
    ContactPointFactory(department=staff_a.department)
    response = as_user(admin).get(reverse("department_list"))
    rows = {d.name: d for d in response.context["objects"]}
    # Two contact points must not double the people (and the reverse).
    assert rows["Support"].people_count == 2 and rows["Support"].contact_point_count == 2
    assert rows["Billing"].people_count == 1 and rows["Billing"].contact_point_count == 0


def test_department_with_people_cannot_be_deleted(as_user, admin, staff_other, department_b):
    response = as_user(admin).post(reverse("department_delete", args=[department_b.pk]), follow=True)
    page = response.content.decode()
    assert "1 person" in page and "Retire it instead" in page
    assert Department.objects.filter(pk=department_b.pk).exists()


def test_unused_department_is_deleted(as_user, admin):
    unused = DepartmentFactory(name="Archive")
    as_user(admin).post(reverse("department_delete", args=[unused.pk]))
    assert not Department.objects.filter(pk=unused.pk).exists()


def test_retire_and_reactivate_a_department(as_user, admin, department_b):
    client = as_user(admin)
    response = client.post(reverse("department_retire", args=[department_b.pk]), follow=True)
    assert "retired" in response.content.decode()
    department_b.refresh_from_db()
    assert not department_b.is_active
    client.post(reverse("department_reactivate", args=[department_b.pk]))
    department_b.refresh_from_db()
    assert department_b.is_active


# --- contact points ---------------------------------------------------------------


@pytest.fixture
def contact_point_post(channel, department_a) -> dict[str, object]:
    return {
        "name": "Walk-in desk",
        "channel": channel.pk,
        "department": department_a.pk,
        "purpose": "Answer questions of customers who come in.",
        "service_standard": "Greet within 30 seconds\n- Ask for the customer number\n\nOffer a follow-up",
        "target_csat": "90",
        "rating_method": "",
        "asks_effort": "on",
        "is_active": "on",
    }


def test_admin_creates_a_contact_point(as_user, admin, contact_point_post, channel, department_a):
    response = as_user(admin).post(reverse("contact_point_create"), contact_point_post)
    assert response.status_code == 302 and response.url == reverse("contact_point_list")
    created = ContactPoint.objects.get(name="Walk-in desk")
    assert created.channel == channel and created.department == department_a
    assert created.target_csat == 90 and created.rating_method == "" and created.asks_effort
    assert created.standard_items == ["Greet within 30 seconds", "Ask for the customer number", "Offer a follow-up"]
    assert created.default_rating_method == channel.default_rating_method


def test_contact_point_list_shows_the_standard_as_a_checklist_and_contact_counts(
    as_user, admin, contact_point, staff_a, django_assert_max_num_queries
):
    ContactFactory.create_batch(2, contact_point=contact_point, representative=staff_a)
    ContactPointFactory(name="Quiet line")
    client = as_user(admin)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("contact_point_list"))
    counts = {cp.name: cp.contact_count for cp in response.context["objects"]}
    assert counts == {"Support hotline": 2, "Quiet line": 0}
    page = response.content.decode()
    assert 'data-testid="standard-checklist"' in page
    assert "Answer within three rings" in page and "Summarise the solution" in page


@pytest.mark.parametrize("target", ["101", "-1", "abc"])
def test_target_outside_0_to_100_is_refused(as_user, admin, contact_point_post, target):
    contact_point_post["target_csat"] = target
    response = as_user(admin).post(reverse("contact_point_create"), contact_point_post)
    assert response.status_code == 200 and "target_csat" in response.context["form"].errors
    assert not ContactPoint.objects.filter(name="Walk-in desk").exists()


def test_target_may_be_left_empty(as_user, admin, contact_point_post):
    contact_point_post["target_csat"] = ""
    as_user(admin).post(reverse("contact_point_create"), contact_point_post)
    assert ContactPoint.objects.get(name="Walk-in desk").target_csat is None


def test_duplicate_contact_point_name_in_the_same_department_is_a_field_error(
    as_user, admin, contact_point, contact_point_post
):
    contact_point_post["name"] = "SUPPORT HOTLINE"
    response = as_user(admin).post(reverse("contact_point_create"), contact_point_post)
    assert response.status_code == 200
    assert "already has a contact point with this name" in " ".join(response.context["form"].errors["name"])
    assert ContactPoint.objects.filter(name__iexact="support hotline").count() == 1


def test_same_contact_point_name_in_another_department_is_allowed(
    as_user, admin, contact_point, contact_point_post, department_b
):
    contact_point_post.update(name="Support hotline", department=department_b.pk)
    response = as_user(admin).post(reverse("contact_point_create"), contact_point_post)
    assert response.status_code == 302
    assert ContactPoint.objects.filter(name="Support hotline").count() == 2


def test_contact_point_form_offers_active_channels_and_keeps_the_current_retired_one(as_user, admin, contact_point):
    retired_other = ChannelFactory(name="Fax", is_active=False)
    client = as_user(admin)
    create_choices = client.get(reverse("contact_point_create")).context["form"].fields["channel"].queryset
    assert contact_point.channel in create_choices and retired_other not in create_choices

    Channel.objects.filter(pk=contact_point.channel_id).update(is_active=False)
    Department.objects.filter(pk=contact_point.department_id).update(is_active=False)
    response = client.get(reverse("contact_point_edit", args=[contact_point.pk]))
    form = response.context["form"]
    assert contact_point.channel in form.fields["channel"].queryset
    assert retired_other not in form.fields["channel"].queryset
    assert contact_point.department in form.fields["department"].queryset
    assert "Phone call (retired)" in response.content.decode()
    # Saving without touching the retired channel and department works.
    data = {
        "name": contact_point.name,
        "channel": contact_point.channel_id,
        "department": contact_point.department_id,
        "purpose": "Solve it on the phone.",
        "service_standard": contact_point.service_standard,
        "target_csat": "80",
        "rating_method": "email",
        "is_active": "on",
    }
    assert client.post(reverse("contact_point_edit", args=[contact_point.pk]), data).status_code == 302
    contact_point.refresh_from_db()
    assert contact_point.purpose == "Solve it on the phone." and contact_point.rating_method == "email"
    assert contact_point.target_csat == 80 and not contact_point.asks_effort


def test_a_retired_channel_cannot_be_chosen_for_a_new_contact_point(as_user, admin, contact_point_post):
    fax = ChannelFactory(name="Fax", is_active=False)
    contact_point_post["channel"] = fax.pk
    response = as_user(admin).post(reverse("contact_point_create"), contact_point_post)
    assert "channel" in response.context["form"].errors
    assert not ContactPoint.objects.filter(name="Walk-in desk").exists()


def test_retired_contact_point_leaves_logging_but_keeps_its_contacts(as_user, admin, staff_a, contact_point):
    old_contact = ContactFactory(contact_point=contact_point, representative=staff_a)
    response = as_user(admin).post(reverse("contact_point_retire", args=[contact_point.pk]), follow=True)
    assert "hidden from new logging" in response.content.decode()
    contact_point.refresh_from_db()
    assert not contact_point.is_active

    staff = as_user(staff_a)
    log_page = staff.get(reverse("contact_log"))
    assert contact_point not in log_page.context["form"].fields["contact_point"].queryset
    assert "Support hotline" not in log_page.content.decode()

    contact_list = staff.get(reverse("contact_list"))
    assert old_contact in list(contact_list.context["page"])
    assert "Support hotline" in contact_list.content.decode()


def test_reactivated_contact_point_is_back_on_the_logging_form(as_user, admin, staff_a, contact_point):
    ContactPoint.objects.filter(pk=contact_point.pk).update(is_active=False)
    as_user(admin).post(reverse("contact_point_reactivate", args=[contact_point.pk]))
    contact_point.refresh_from_db()
    assert contact_point.is_active
    assert (
        contact_point in as_user(staff_a).get(reverse("contact_log")).context["form"].fields["contact_point"].queryset
    )


def test_status_filter_lists_active_retired_or_all(as_user, admin, contact_point):
    ContactPointFactory(name="Old counter", is_active=False)
    client = as_user(admin)

    def names(status: str | None) -> set[str]:
        query = {"status": status} if status is not None else {}
        return {cp.name for cp in client.get(reverse("contact_point_list"), query).context["objects"]}

    assert names(None) == {"Support hotline"}
    assert names("active") == {"Support hotline"}
    assert names("retired") == {"Old counter"}
    assert names("all") == {"Support hotline", "Old counter"}
    assert names("nonsense") == {"Support hotline"}


def test_retire_returns_to_the_filtered_list_but_never_off_site(as_user, admin, contact_point):
    client = as_user(admin)
    back = reverse("contact_point_list") + "?status=all"
    response = client.post(reverse("contact_point_retire", args=[contact_point.pk]), {"next": back})
    assert response.url == back
    response = client.post(
        reverse("contact_point_reactivate", args=[contact_point.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("contact_point_list")


def test_deleting_a_used_contact_point_is_refused(as_user, admin, staff_a, contact_point):
    ContactFactory(contact_point=contact_point, representative=staff_a)
    client = as_user(admin)
    page = client.get(reverse("contact_point_delete", args=[contact_point.pk])).content.decode()
    assert "1 contact" in page and "Retire it instead" in page and "Delete contact point</button>" not in page
    response = client.post(reverse("contact_point_delete", args=[contact_point.pk]), follow=True)
    assert response.status_code == 200
    assert "can&#x27;t be deleted" in response.content.decode()
    assert ContactPoint.objects.filter(pk=contact_point.pk).exists()


def test_unused_contact_point_is_deleted(as_user, admin, contact_point):
    response = as_user(admin).post(reverse("contact_point_delete", args=[contact_point.pk]), follow=True)
    assert "Contact point “Support hotline” deleted." in response.content.decode()
    assert not ContactPoint.objects.filter(pk=contact_point.pk).exists()


def test_a_protected_error_on_delete_is_a_message_not_a_500(as_user, admin, staff_a, contact_point, monkeypatch):
    """A contact logged between the usage check and the delete still stops it, politely."""
    ContactFactory(contact_point=contact_point, representative=staff_a)
    blind = dataclasses.replace(configuration.CONTACT_POINTS, usage=lambda obj: [])
    monkeypatch.setattr(configuration, "CONTACT_POINTS", blind)
    response = as_user(admin).post(reverse("contact_point_delete", args=[contact_point.pk]), follow=True)
    assert response.status_code == 200 and "Retire it instead" in response.content.decode()
    assert ContactPoint.objects.filter(pk=contact_point.pk).exists()
    with pytest.raises(ProtectedError):
        ContactPoint.objects.filter(pk=contact_point.pk).delete()


def test_a_name_clash_caught_only_by_the_database_is_a_field_error(as_user, admin, channel, monkeypatch):
    """Two admins saving the same name at once: the constraint wins, the second gets a message."""
    monkeypatch.setattr(configuration.CHANNELS.form_class, "clean_name", lambda form: form.cleaned_data["name"])
    monkeypatch.setattr(Channel, "validate_constraints", lambda self, exclude=None: None)
    before = Channel.objects.count()
    response = as_user(admin).post(
        reverse("channel_create"), {"name": "phone CALL", "default_rating_method": "link", "is_active": "on"}
    )
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert Channel.objects.count() == before


def test_department_managed_by_someone_cannot_be_deleted(as_user, admin):
    lonely = DepartmentFactory(name="Research")
    UserFactory(username="rita", department=None, managed_departments=[lonely])
    response = as_user(admin).post(reverse("department_delete", args=[lonely.pk]), follow=True)
    assert "1 manager" in response.content.decode()
    assert Department.objects.filter(pk=lonely.pk).exists()
