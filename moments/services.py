"""Writes that touch several tables: logging a contact, recording a rating."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from moments.models import (
    MAX_DURATION_MINUTES,
    Contact,
    ContactPoint,
    Customer,
    Rating,
)
from moments.rollup import (
    rollup_contact_logged,
    rollup_contact_removed,
    rollup_contact_replaced,
    rollup_contributions_of,
    rollup_outcome_changed,
    rollup_rating_recorded,
)
from moments.scale import effort_score_check, score_check

# Foreign keys of a contact that contact_log is handed as objects it has just read.
CONTACT_RELATED_FIELDS = ["contact_point", "channel", "department", "representative", "customer", "logged_by"]


class RatingAlreadyGiven(Exception):
    """The contact has a rating already; a contact is rated at most once."""


def customer_create(*, name: str, kind: str, email: str = "", phone: str = "", external_ref: str = "") -> Customer:
    customer = Customer(
        name=name.strip(), kind=kind, email=email.strip(), phone=phone.strip(), external_ref=external_ref
    )
    customer.full_clean()
    customer.save()
    return customer


def representative_check(representative: User) -> None:
    """A contact counts for its representative's department; someone in none cannot have contacts."""
    if representative.department_id is None:
        problem = gettext(
            "%(person)s is in no department yet; an admin must give them one before contacts are logged."
        ) % {"person": representative}
        raise ValidationError({"representative": problem})


def contact_prepare(
    *,
    logged_by: User,
    contact_point: ContactPoint,
    customer: Customer,
    occurred_at: datetime,
    outcome: str,
    representative: User | None = None,
    duration_minutes: int | None = None,
    notes: str = "",
) -> Contact:
    """The contact `contact_log` would save, with its snapshots, checked but not saved.

    Forms that save through contact_log call this while they validate, so
    what the service refuses shows as a message on the form.
    """
    if not contact_point.is_active:
        raise ValidationError({"contact_point": gettext("This contact point is retired; choose an active one.")})
    if duration_minutes is not None and duration_minutes > MAX_DURATION_MINUTES:
        # The check constraint's rule, said before the INSERT instead of as an IntegrityError.
        raise ValidationError(
            {
                "duration_minutes": gettext("A contact lasts at most %(minutes)d minutes.")
                % {"minutes": MAX_DURATION_MINUTES}
            }
        )
    representative = representative or logged_by
    representative_check(representative)
    contact = Contact(
        contact_point=contact_point,
        channel_id=contact_point.channel_id,
        department_id=representative.department_id,
        representative=representative,
        customer=customer,
        customer_kind=customer.kind,
        occurred_at=occurred_at,
        duration_minutes=duration_minutes,
        outcome=outcome,
        notes=notes,
        logged_by=logged_by,
    )
    # The related rows are in hand, so asking the database whether each exists
    # again is six queries for nothing (the foreign keys still guard it); the
    # one check constraint is the duration, checked above.
    contact.full_clean(exclude=CONTACT_RELATED_FIELDS, validate_constraints=False)
    return contact


def contact_log(
    *,
    logged_by: User,
    contact_point: ContactPoint,
    customer: Customer,
    occurred_at: datetime,
    outcome: str,
    representative: User | None = None,
    duration_minutes: int | None = None,
    notes: str = "",
    score: int | None = None,
    comment: str = "",
    effort_score: int | None = None,
    rating_source: str = Rating.Source.STAFF,
) -> Contact:
    """Log one moment of truth, with the customer's score when it was given on the spot."""
    contact = contact_prepare(
        logged_by=logged_by,
        contact_point=contact_point,
        customer=customer,
        occurred_at=occurred_at,
        outcome=outcome,
        representative=representative,
        duration_minutes=duration_minutes,
        notes=notes,
    )
    rating = None
    if score is not None:
        rating = _rating_build(
            contact=contact,
            score=score,
            comment=comment,
            effort_score=effort_score,
            source=rating_source,
            entered_by=logged_by if rating_source == Rating.Source.STAFF else None,
        )
    # Atomic, without a savepoint of its own inside the caller's transaction
    # (the logging view's, which may have made the customer): nothing below is
    # caught, so a failure rolls the caller back whole, and the savepoint's two
    # round trips were a tenth of the logging POST.
    with transaction.atomic(savepoint=False):
        contact.save()
        if rating is not None:
            # A contact made a moment ago in this transaction: nobody else can
            # have rated it, so none of rating_record's locking is needed.
            rating.save()
        rollup_contact_logged(contact, score=score)
    return contact


def _rating_build(
    *,
    contact: Contact,
    score: int,
    source: str,
    comment: str = "",
    effort_score: int | None = None,
    entered_by: User | None = None,
    submitted_by: User | None = None,
) -> Rating:
    """A validated, unsaved rating; its scales are checked here, so the check constraints need no query."""
    score_check(score)
    effort_score_check(effort_score)
    rating = Rating(
        contact=contact,
        score=score,
        comment=comment.strip(),
        effort_score=effort_score,
        source=source,
        entered_by=entered_by,
        submitted_by=submitted_by,
        # Derived, so the flag and the name cannot disagree; older ratings have the flag alone.
        submitted_in_staff_session=source == Rating.Source.LINK and submitted_by is not None,
        submitted_at=timezone.now(),
    )
    # Who typed it in or sent it is the request's user, already read.
    rating.full_clean(exclude=["contact", "entered_by", "submitted_by"], validate_constraints=False)
    return rating


@transaction.atomic
def rating_record(
    *,
    contact: Contact,
    score: int,
    source: str,
    comment: str = "",
    effort_score: int | None = None,
    entered_by: User | None = None,
    submitted_by: User | None = None,
) -> Rating:
    """Record the customer's rating of a contact, exactly once.

    `submitted_by` is the logged-in user whose session sent a customer's
    answer (kiosk, or a link opened in a staff login); a link answered from
    a staff login is flagged as such.

    The contact row is locked first so that two submissions racing for the
    same contact are serialised; the unique constraint on Rating.contact is
    the last line of defence where the database cannot lock (SQLite).
    """
    Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if Rating.objects.filter(contact_id=contact.pk).exists():
        raise RatingAlreadyGiven(contact.pk)
    rating = _rating_build(
        contact=contact,
        score=score,
        comment=comment,
        effort_score=effort_score,
        source=source,
        entered_by=entered_by,
        submitted_by=submitted_by,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise RatingAlreadyGiven(contact.pk) from None
    rollup_rating_recorded(contact, rating.score)
    return rating


# What a representative may correct on their own record.
CORRECTED_FIELDS = ("outcome", "notes")


@transaction.atomic
def contact_correct(*, contact: Contact, corrected_by: User, outcome: str, notes: str) -> Contact:
    """A representative's correction of their own record, within the edit window."""
    if not contact.is_editable_by(corrected_by):
        raise PermissionError("Only the representative may correct a contact, and only within the edit window.")
    previous_outcome = Contact.objects.select_for_update().values_list("outcome", flat=True).get(pk=contact.pk)
    contact.outcome = outcome
    contact.notes = notes
    # Only what the correction changes is checked: a contact loaded without a
    # department (an import, rows written behind the services) is still its
    # representative's to correct.
    contact.full_clean(exclude=[field.name for field in Contact._meta.fields if field.name not in CORRECTED_FIELDS])
    contact.save(update_fields=[*CORRECTED_FIELDS, "updated_at"])
    rollup_outcome_changed(contact, previous_outcome)
    return contact


def _stored_score(contact_id: int) -> int | None:
    return Rating.objects.filter(contact_id=contact_id).values_list("score", flat=True).first()


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    """Delete a contact and its rating (an admin's correction of a record logged by mistake)."""
    stored = Contact.objects.select_for_update().get(pk=contact.pk)
    score = _stored_score(contact.pk)
    contributed = rollup_contributions_of(stored)  # its invitation goes with it
    stored.delete()
    rollup_contact_removed(stored, score, contributed)


@transaction.atomic
def contact_admin_update(*, contact: Contact) -> Contact:
    """Save an admin's edit of any field, moving the contact's counts to wherever it now belongs.

    A new contact point, representative or customer corrects where or with
    whom the contact was: its snapshot of that one is taken again, as logging
    would have taken it, so the contact counts for the corrected channel,
    department or customer kind and shows in that department's lists.
    """
    before = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.contact_point_id != before.contact_point_id:
        contact.channel_id = contact.contact_point.channel_id
    if contact.representative_id != before.representative_id:
        contact.department_id = contact.representative.department_id
    if contact.customer_id != before.customer_id:
        contact.customer_kind = contact.customer.kind
    contact.save()
    rollup_contact_replaced(before, contact, _stored_score(contact.pk), rollup_contributions_of(before))
    return contact
