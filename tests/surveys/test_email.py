"""The invitation e-mail: its content, the task that sends it, retries, reminders, and the real worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from moments.models import Contact
from surveys.models import SurveyInvitation
from surveys.services import invitation_create
from surveys.tasks import invitation_email_send, invitation_reminder_send
from tests.surveys.mailers import FlakyEmailBackend

BASE_URL = "http://testserver/"
FAILING = {"default": {"BACKEND": "tests.surveys.mailers.FailingEmailBackend"}}
FLAKY = {"default": {"BACKEND": "tests.surveys.mailers.FlakyEmailBackend"}}


def _email_invitation(contact: Contact, django_capture_on_commit_callbacks) -> SurveyInvitation:
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(contact=contact, method="email", created_by=None, base_url=BASE_URL)
    invitation.refresh_from_db()
    return invitation


@pytest.mark.django_db
class TestInvitationEmail:
    def test_the_email_has_a_subject_plain_text_html_and_the_customers_link(
        self, contact_a, django_capture_on_commit_callbacks
    ):
        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        link = f"http://testserver/r/{invitation.token}/"
        assert message.subject == "How was your contact with Moments demo organisation?"
        assert message.to == ["maria@example.org"]
        assert message.from_email == "Moments <no-reply@localhost>"
        assert "Hello Maria Moreno," in message.body
        assert "your contact with Ana at Support hotline" in message.body
        assert link in message.body
        assert "<a href" not in message.body  # plain text is plain
        [(html, mimetype)] = message.alternatives
        assert mimetype == "text/html"
        assert f'<a href="{link}">Rate your contact</a>' in html
        assert "your contact with Ana at Support hotline" in html

    def test_the_link_uses_site_url_when_it_is_set(self, contact_a, django_capture_on_commit_callbacks, settings):
        settings.SITE_URL = "https://moments.example.org"

        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)

        assert f"https://moments.example.org/r/{invitation.token}/" in mail.outbox[0].body

    def test_html_in_names_is_escaped_in_the_html_part(self, contact_a, django_capture_on_commit_callbacks):
        contact_a.customer.name = "<b>Maria</b>"
        contact_a.customer.save()

        _email_invitation(contact_a, django_capture_on_commit_callbacks)

        [(html, _)] = mail.outbox[0].alternatives
        assert "&lt;b&gt;Maria&lt;/b&gt;" in html
        assert "Hello <b>Maria</b>," in mail.outbox[0].body

    def test_a_sent_email_marks_the_invitation_sent(self, contact_a, django_capture_on_commit_callbacks):
        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)

        assert invitation.sent_at is not None
        assert invitation.sent_to == "maria@example.org"
        assert invitation.send_attempts == 1
        assert invitation.state == "sent"

    def test_nothing_is_sent_before_the_transaction_commits(self, contact_a, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            invitation_create(contact=contact_a, method="email", created_by=None, base_url=BASE_URL)

        assert mail.outbox == []
        assert len(callbacks) == 1

    def test_a_failing_mail_server_is_retried_then_recorded_on_the_invitation(
        self, contact_a, django_capture_on_commit_callbacks, settings
    ):
        settings.MAILERS = FAILING
        settings.SURVEY_SEND_MAX_ATTEMPTS = 3

        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)

        assert mail.outbox == []
        assert invitation.sent_at is None
        assert invitation.send_attempts == 3
        assert invitation.send_failed_at is not None
        assert invitation.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
        assert invitation.state == "failed"

    def test_a_passing_failure_is_retried_until_it_goes_through(
        self, contact_a, django_capture_on_commit_callbacks, settings
    ):
        settings.MAILERS = FLAKY
        FlakyEmailBackend.failures = 2

        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)

        assert len(mail.outbox) == 1
        assert invitation.send_attempts == 3
        assert invitation.sent_at is not None
        assert invitation.last_error == ""
        assert invitation.send_failed_at is None

    def test_retries_are_bounded_by_the_setting(self, contact_a, django_capture_on_commit_callbacks, settings):
        settings.MAILERS = FAILING
        settings.SURVEY_SEND_MAX_ATTEMPTS = 1

        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)

        assert invitation.send_attempts == 1
        assert invitation.send_failed_at is not None

    def test_the_final_failure_fails_the_task_result_too(self, contact_a, settings):
        settings.MAILERS = FAILING
        settings.SURVEY_SEND_MAX_ATTEMPTS = 1
        invitation = SurveyInvitation.objects.create(
            contact=contact_a, method="email", expires_at=timezone.now() + timedelta(days=7)
        )

        result = invitation_email_send.enqueue(invitation_id=invitation.pk, base_url=BASE_URL)

        assert result.status == "FAILED"
        assert result.errors[0].exception_class_path == "smtplib.SMTPServerDisconnected"

    def test_a_duplicate_task_sends_nothing_twice(self, contact_a, django_capture_on_commit_callbacks):
        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)

        result = invitation_email_send.enqueue(invitation_id=invitation.pk, base_url=BASE_URL)

        assert result.return_value == "already handled"
        assert len(mail.outbox) == 1

    def test_an_answered_or_expired_invitation_is_not_mailed(self, contact_a):
        invitation = SurveyInvitation.objects.create(
            contact=contact_a,
            method="email",
            created_at=timezone.now() - timedelta(days=8),
            expires_at=timezone.now() - timedelta(days=1),
        )

        result = invitation_email_send.enqueue(invitation_id=invitation.pk, base_url=BASE_URL)

        assert result.return_value == "no longer needed"
        assert mail.outbox == []

    def test_a_deleted_invitation_is_not_an_error(self, db):
        assert invitation_email_send.enqueue(invitation_id=987654, base_url=BASE_URL).return_value == "gone"


@pytest.mark.django_db
class TestReminder:
    def test_one_reminder_goes_to_a_customer_who_has_not_answered(self, contact_a, django_capture_on_commit_callbacks):
        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)

        first = invitation_reminder_send.enqueue(invitation_id=invitation.pk, base_url=BASE_URL)
        second = invitation_reminder_send.enqueue(invitation_id=invitation.pk, base_url=BASE_URL)

        assert (first.return_value, second.return_value) == ("reminded", "already reminded")
        assert len(mail.outbox) == 2
        assert mail.outbox[1].subject.startswith("Reminder: ")
        assert f"/r/{invitation.token}/" in mail.outbox[1].body
        invitation.refresh_from_db()
        assert invitation.reminder_sent_at is not None

    def test_no_reminder_after_an_answer(self, contact_a, django_capture_on_commit_callbacks):
        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)
        SurveyInvitation.objects.filter(pk=invitation.pk).update(answered_at=timezone.now())

        result = invitation_reminder_send.enqueue(invitation_id=invitation.pk, base_url=BASE_URL)

        assert result.return_value == "no longer needed"
        assert len(mail.outbox) == 1

    def test_the_command_sends_the_reminders_that_are_due(
        self, contact_a, django_capture_on_commit_callbacks, settings
    ):
        settings.SURVEY_REMINDER_AFTER_HOURS = 48
        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)

        call_command("send_survey_reminders", "--base-url", BASE_URL)
        assert len(mail.outbox) == 1  # not due yet

        SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(hours=49))
        call_command("send_survey_reminders", "--base-url", BASE_URL)
        call_command("send_survey_reminders", "--base-url", BASE_URL)

        assert len(mail.outbox) == 2
        assert mail.outbox[1].subject.startswith("Reminder: ")

    def test_the_command_does_nothing_when_reminders_are_off(
        self, contact_a, django_capture_on_commit_callbacks, settings
    ):
        settings.SURVEY_REMINDER_AFTER_HOURS = 0
        invitation = _email_invitation(contact_a, django_capture_on_commit_callbacks)
        SurveyInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(days=6))

        call_command("send_survey_reminders", "--base-url", BASE_URL)

        assert len(mail.outbox) == 1


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_really_sends_the_queued_email(contact_a, settings):
    """The production path: the request only queues; `manage.py db_worker` sends."""
    settings.TASKS = DATABASE_TASKS

    invitation = invitation_create(contact=contact_a, method="email", created_by=None, base_url=BASE_URL)

    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert mail.outbox == []
    invitation.refresh_from_db()
    assert invitation.sent_at is None and invitation.state == "new"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
    assert f"/r/{invitation.token}/" in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitation.state == "sent"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_backend_a_failure_is_queued_again_for_later(contact_a, settings):
    settings.TASKS = DATABASE_TASKS
    settings.MAILERS = FAILING
    invitation = invitation_create(contact=contact_a, method="email", created_by=None, base_url=BASE_URL)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)

    invitation.refresh_from_db()
    assert invitation.send_attempts == 1
    assert invitation.send_failed_at is None
    assert "SMTPServerDisconnected" in invitation.last_error
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now()  # waits before trying again


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_the_database_backend_the_reminder_is_queued_for_later(contact_a, settings):
    settings.TASKS = DATABASE_TASKS
    settings.SURVEY_REMINDER_AFTER_HOURS = 48
    invitation_create(contact=contact_a, method="email", created_by=None, base_url=BASE_URL)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)

    reminder = DBTaskResult.objects.get(status="READY")
    assert reminder.task_path == "surveys.tasks.invitation_reminder_send"
    assert timezone.now() + timedelta(hours=47) < reminder.run_after < timezone.now() + timedelta(hours=49)
