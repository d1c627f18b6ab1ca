"""Writes that touch several tables: logging a contact, recording a rating."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from moments.models import MAX_EFFORT_SCORE, MAX_SCORE, MIN_SCORE, Contact, ContactPoint, Customer, Rating
from moments.rollup import (
    rollup_contact_logged,
    rollup_contact_removed,
    rollup_contact_replaced,
    rollup_contributions_of,
    rollup_outcome_changed,
    rollup_rating_recorded,
)


class RatingAlreadyGiven(Exception):
    """The contact has a rating already; a contact is rated at most once."""


def customer_create(*, name: str, kind: str, email: str = "", phone: str = "", external_ref: str = "") -> Customer:
    customer = Customer(
        name=name.strip(), kind=kind, email=email.strip(), phone=phone.strip(), external_ref=external_ref
    )
    customer.full_clean()
    customer.save()
    return customer


@transaction.atomic
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
    if not contact_point.is_active:
        raise ValidationError({"contact_point": "This contact point is retired; choose an active one."})
    representative = representative or logged_by
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
    contact.full_clean()
    contact.save()
    rollup_contact_logged(contact)
    if score is not None:
        rating_record(
            contact=contact,
            score=score,
            comment=comment,
            effort_score=effort_score,
            source=rating_source,
            entered_by=logged_by if rating_source == Rating.Source.STAFF else None,
        )
    return contact


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
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise ValidationError({"score": f"Choose a score from {MIN_SCORE} to {MAX_SCORE}."})
    if effort_score is not None and not 1 <= effort_score <= MAX_EFFORT_SCORE:
        raise ValidationError({"effort_score": f"Choose a value from 1 to {MAX_EFFORT_SCORE}."})
    Contact.objects.select_for_update().filter(pk=contact.pk).first()
    if Rating.objects.filter(contact_id=contact.pk).exists():
        raise RatingAlreadyGiven(contact.pk)
    rating = Rating(
        contact=contact,
        score=score,
        comment=comment.strip(),
        effort_score=effort_score,
        source=source,
        entered_by=entered_by,
        submitted_by=submitted_by,
        submitted_in_staff_session=source == Rating.Source.LINK and submitted_by is not None,
        submitted_at=timezone.now(),
    )
    rating.full_clean(exclude=["contact"])
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        raise RatingAlreadyGiven(contact.pk) from None
    rollup_rating_recorded(contact, rating.score)
    return rating


@transaction.atomic
def contact_correct(*, contact: Contact, corrected_by: User, outcome: str, notes: str) -> Contact:
    """A representative's correction of their own record, within the edit window."""
    if not contact.is_editable_by(corrected_by):
        raise PermissionError("Only the representative may correct a contact, and only within the edit window.")
    previous_outcome = Contact.objects.select_for_update().values_list("outcome", flat=True).get(pk=contact.pk)
    contact.outcome = outcome
    contact.notes = notes
    contact.full_clean()
    contact.save(update_fields=["outcome", "notes", "updated_at"])
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
    """Save an admin's edit of any field, moving the contact's counts to wherever it now belongs."""
    before = Contact.objects.select_for_update().get(pk=contact.pk)
    contact.save()
    rollup_contact_replaced(before, contact, _stored_score(contact.pk), rollup_contributions_of(before))
    return contact
