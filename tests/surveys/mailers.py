"""Mailers that fail on purpose, to test what happens when the mail server does not answer."""

from __future__ import annotations

from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend


class FailingEmailBackend(EmailBackend):
    def send_messages(self, messages: list) -> int:
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class FlakyEmailBackend(EmailBackend):
    """Fails the first `failures` sends of the test, then delivers to mail.outbox."""

    failures = 0

    def send_messages(self, messages: list) -> int:
        if FlakyEmailBackend.failures > 0:
            FlakyEmailBackend.failures -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
