"""Send the reminders that are due, for task backends that cannot wait (run it from cron).

With TASKS_BACKEND=database the reminder is queued for its time when the
invitation goes out, and this command is not needed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from surveys.models import InvitationMethod, SurveyInvitation
from surveys.tasks import invitation_reminder_send


class Command(BaseCommand):
    help = "Queue the one reminder for e-mailed survey invitations that are still unanswered after the set delay."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="", help="Where the links point when SITE_URL is not set.")

    def handle(self, *args: Any, base_url: str, **options: Any) -> None:
        hours = settings.SURVEY_REMINDER_AFTER_HOURS
        if not hours:
            self.stdout.write("Reminders are off (SURVEY_REMINDER_AFTER_HOURS=0).")
            return
        if not (settings.SITE_URL or base_url):
            raise CommandError("Set SITE_URL, or pass --base-url, so the reminder's link points somewhere.")
        now = timezone.now()
        due = SurveyInvitation.objects.filter(
            method=InvitationMethod.EMAIL,
            sent_at__lte=now - timedelta(hours=hours),
            answered_at__isnull=True,
            reminder_sent_at__isnull=True,
            expires_at__gt=now,
        ).values_list("pk", flat=True)
        count = 0
        for invitation_id in due.iterator():
            invitation_reminder_send.enqueue(invitation_id=invitation_id, base_url=base_url)
            count += 1
        self.stdout.write(f"Queued {count} reminder(s).")
