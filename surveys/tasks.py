"""Background work: sending invitation e-mails and the one optional reminder.

Run by the ImmediateBackend inside the request in development and tests, by
`manage.py db_worker` in production (TASKS_BACKEND=database).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.tasks import Task, default_task_backend, task
from django.utils import timezone

from surveys.emails import invitation_email
from surveys.models import InvitationMethod, SurveyInvitation
from surveys.services import record_send_failure, record_send_success

logger = logging.getLogger(__name__)

# Wait a little longer before each retry (1, 2, 4… minutes) so a mail server
# that is briefly down gets time to come back.
RETRY_BASE_DELAY = timedelta(minutes=1)


@task
def invitation_email_send(*, invitation_id: int, base_url: str) -> str:
    """Send the invitation e-mail; on failure record it and retry, a bounded number of times."""
    invitation = (
        SurveyInvitation.objects.select_related(
            "contact__customer", "contact__contact_point", "contact__representative"
        )
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        return "gone"
    if invitation.is_answered or invitation.is_expired():
        return "no longer needed"
    if invitation.sent_at is not None or invitation.send_failed_at is not None:
        # A duplicate delivery of the task, or the invitation was given up.
        return "already handled"
    attempts = invitation.send_attempts + 1
    try:
        invitation_email(invitation=invitation, base_url=base_url).send()
    except Exception as error:
        final = attempts >= settings.SURVEY_SEND_MAX_ATTEMPTS
        record_send_failure(invitation_id=invitation_id, error=error, attempts=attempts, final=final)
        if final:
            logger.error("Survey invitation %s not sent after %s attempts: %s", invitation_id, attempts, error)
            # Raised so the task result shows the failure too.
            raise
        logger.warning("Survey invitation %s: attempt %s failed (%s); retrying.", invitation_id, attempts, error)
        _later(RETRY_BASE_DELAY * 2 ** (attempts - 1)).enqueue(invitation_id=invitation_id, base_url=base_url)
        return "retry scheduled"
    record_send_success(invitation_id=invitation_id, sent_to=invitation.contact.customer.email, attempts=attempts)
    _schedule_reminder(invitation, base_url=base_url)
    return "sent"


@task
def invitation_reminder_send(*, invitation_id: int, base_url: str) -> str:
    """The one reminder, if the customer has not answered yet. Tried once: it is a courtesy, not a duty."""
    invitation = (
        SurveyInvitation.objects.select_related(
            "contact__customer", "contact__contact_point", "contact__representative"
        )
        .filter(pk=invitation_id, method=InvitationMethod.EMAIL, sent_at__isnull=False)
        .first()
    )
    if invitation is None or invitation.is_answered or invitation.is_expired():
        return "no longer needed"
    if invitation.reminder_sent_at is not None:
        return "already reminded"
    try:
        invitation_email(invitation=invitation, base_url=base_url, reminder=True).send()
    except Exception as error:
        record_send_failure(invitation_id=invitation_id, error=error, attempts=invitation.send_attempts, final=False)
        logger.warning("Survey reminder %s not sent: %s", invitation_id, error)
        raise
    SurveyInvitation.objects.filter(pk=invitation_id).update(reminder_sent_at=timezone.now())
    return "reminded"


def _later(delay: timedelta) -> Task[..., str]:
    """The send task, deferred when the backend can defer; at once (the immediate backend) otherwise."""
    if default_task_backend.supports_defer:
        return invitation_email_send.using(run_after=timezone.now() + delay)
    return invitation_email_send


def _schedule_reminder(invitation: SurveyInvitation, *, base_url: str) -> None:
    """Queue the reminder for later when reminders are on and the backend can wait.

    Without a deferring backend, `manage.py send_survey_reminders` (run from
    cron) sends the reminders that are due.
    """
    hours = settings.SURVEY_REMINDER_AFTER_HOURS
    if not hours or not default_task_backend.supports_defer:
        return
    remind_at = timezone.now() + timedelta(hours=hours)
    if remind_at >= invitation.expires_at:
        return
    invitation_reminder_send.using(run_after=remind_at).enqueue(invitation_id=invitation.pk, base_url=base_url)
