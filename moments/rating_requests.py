"""Asking the customer for a rating, as the logging form sees it.

The logging form lets staff hand the rating to the customer (a link, an
e-mail, the device itself), but invitations live one floor up, in surveys,
and moments must never import from there. So moments states here the little
it needs, and surveys registers the implementation when the project starts
(SurveysConfig.ready). An explicit registry rather than a signal: there is
exactly one receiver, the caller needs its answer (where to send the staff
member next), and a reader can follow the call.

Without a registered provider the invitation methods are simply not offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext

if TYPE_CHECKING:
    from django.db.models.expressions import BaseExpression

    from accounts.models import User
    from moments.models import Contact


@dataclass(frozen=True)
class RatingRequestOutcome:
    """What became of a request: a page to go to next (kiosk, QR code), and a line for the staff member."""

    next_url: str | None
    message: str
    invited: bool


class RatingRequestProvider(Protocol):
    def recently_asked(self, customer_ids: Iterable[int]) -> dict[int, datetime]:
        """When each of these customers was last asked, for those asked too recently to be asked again."""
        ...

    def last_asked(self) -> BaseExpression:
        """The same rule as an annotation over Customer rows (NULL for those who may be asked).

        So that a list of customers reads it in the query that fetches them.
        """
        ...

    def request_rating(
        self, *, contact: Contact, method: str, requested_by: User, base_url: str
    ) -> RatingRequestOutcome:
        """Invite the customer to rate `contact` by `method` (link, email, kiosk).

        Raises ValidationError when it cannot (the customer has no e-mail address).
        """
        ...


def asked_ago(asked_at: datetime) -> str:
    """ "2 days ago", or "just now" where timesince would say "0 minutes ago" (a customer asked a moment before)."""
    if timezone.now() - asked_at < timedelta(minutes=1):
        return gettext("just now")
    return gettext("%(time)s ago") % {"time": timesince(asked_at)}


def fatigue_note(*, customer_name: str, asked_at: datetime, done: bool = False) -> str:
    """What staff read when a customer was asked too recently: before saving ("will be") or after ("was")."""
    if done:
        note = gettext("%(customer)s was asked %(ago)s; no new invitation was sent.")
    else:
        note = gettext("%(customer)s was asked %(ago)s; no new invitation will be sent.")
    return note % {"customer": customer_name, "ago": asked_ago(asked_at)}


_provider: RatingRequestProvider | None = None


def register_provider(provider: RatingRequestProvider) -> None:
    global _provider
    _provider = provider


def get_provider() -> RatingRequestProvider | None:
    return _provider
