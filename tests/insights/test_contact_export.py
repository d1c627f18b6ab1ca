"""The contact list's CSV: PostgreSQL's COPY writes the same bytes as the rows built in Python, and a
file cut off midway says so."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError
from django.utils import timezone, translation

from accounts.models import User
from insights.csv_stream import Chunk, CopyTarget, copy_chunks, counted_stream, row_chunks
from insights.views.exports import CONTACT_HEADER, contact_copy_chunks, contact_orm_chunks
from moments.models import Contact, Rating
from tests.factories import (
    ChannelFactory,
    ContactFactory,
    ContactPointFactory,
    CustomerFactory,
    DepartmentFactory,
    RatingFactory,
    UserFactory,
)
from tests.insights.conftest import read_contacts

COMPLETE = "# Export complete: "
INCOMPLETE = "# EXPORT INCOMPLETE: "


def file_of(chunks: Iterator[Chunk]) -> bytes:
    return b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk, _ in chunks)


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def varied_contacts(db) -> list[Contact]:
    """Every kind of text a spreadsheet or a CSV reader trips over, and instants either side of DST changes."""
    north = DepartmentFactory(name="Sales, North")
    thai = DepartmentFactory(name="ฝ่ายบริการลูกค้า")
    people = [
        UserFactory(display_name='Ana "La Jefa" Pérez', department=north),
        UserFactory(display_name="", first_name="สมชาย", last_name="ใจดี", department=thai),
        UserFactory(display_name="", first_name="", last_name="", username="only-username", department=north),
        UserFactory(display_name="=cmd|' /C calc'!A0", department=thai),
        UserFactory(display_name="", first_name="Solo", last_name="", department=None),
    ]
    points = [
        ContactPointFactory(name="Help, desk", channel=ChannelFactory(name="@phone"), department=north),
        ContactPointFactory(name="Line\nbreak", channel=ChannelFactory(name="-minus"), department=thai),
        ContactPointFactory(name="+plus ไทย", channel=ChannelFactory(name="Chat"), department=north),
    ]
    customers = [
        "Ñandú, José",
        'He said "hi"',
        "\ttabbed",
        "\rcarriage",
        "สมหญิง รักดี",
        "  spaced  ",
        "emoji 😀",
        "",
    ]
    texts = ["=1+1", "multi\nline\ncomment", "", "a,b", '"', "-5 and more", "@SUM(A1)", "crlf\r\nend", "ดีมาก"]
    instants = [
        "2026-03-29T00:59:59.999999",  # Madrid's spring change is at 01:00 UTC
        "2026-03-29T01:00:00",
        "2026-10-25T00:30:00",  # Madrid's autumn change: 02:30 twice
        "2026-10-25T01:30:00",
        "2026-03-08T06:59:00",  # New York's spring change is at 07:00 UTC
        "2026-03-08T07:00:00",
        "2026-04-04T14:59:00",  # Lord Howe goes back half an hour at 15:00 UTC
        "2026-04-04T15:00:00",
        "1999-12-31T23:59:59",
        "2026-06-30T22:00:00",
    ]
    outcomes = list(Contact.Outcome.values)
    sources = list(Rating.Source.values)
    contacts = []
    for i, moment in enumerate(instants * 2):
        person = people[i % len(people)]
        contact = ContactFactory(
            representative=person,
            department=person.department,
            contact_point=points[i % len(points)],
            customer=CustomerFactory(name=customers[i % len(customers)]),
            occurred_at=instant(moment),
            duration_minutes=None if i % 4 == 0 else i % 3,
            outcome=outcomes[i % len(outcomes)],
            notes=texts[(i + 3) % len(texts)],
        )
        if i % 3:
            RatingFactory(
                contact=contact, score=1 + i % 5, comment=texts[i % len(texts)], source=sources[i % len(sources)]
            )
        contacts.append(contact)
    return contacts


@pytest.mark.postgresql_only
@pytest.mark.parametrize("zone", ["Europe/Madrid", "America/New_York", "Asia/Bangkok", "Australia/Lord_Howe"])
@pytest.mark.parametrize("language", ["en", "th"])
def test_copy_writes_the_same_bytes_as_the_rows_built_in_python(varied_contacts, zone, language):
    contacts = Contact.objects.order_by("-occurred_at", "-id")
    with timezone.override(zone), translation.override(language):
        built = file_of(contact_orm_chunks(contacts))
        copied = file_of(contact_copy_chunks(contacts))

    assert copied == built
    rows = list(csv.reader(io.StringIO(built.decode(), newline="")))
    assert len(rows) == len(varied_contacts)
    assert {len(row) for row in rows} == {len(CONTACT_HEADER)}
    assert "'=1+1" in built.decode() and "'@SUM(A1)" in built.decode() and "'\ttabbed" in built.decode()


@pytest.mark.postgresql_only
def test_copy_counts_the_rows_it_sends(varied_contacts):
    contacts = Contact.objects.filter(rating__isnull=False).order_by("-occurred_at", "-id")
    assert sum(rows for _, rows in contact_copy_chunks(contacts)) == contacts.count()


@pytest.mark.postgresql_only
def test_copy_writes_the_local_minute_of_the_time_zone(varied_contacts):
    contacts = Contact.objects.filter(occurred_at=instant("2026-03-29T01:00:00"))
    with timezone.override("Europe/Madrid"):
        copied = file_of(contact_copy_chunks(contacts)).decode()
    assert copied.split(",")[1] == "2026-03-29 03:00"


@pytest.mark.postgresql_only
@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "staff_other", "manager_a", "manager_b", "admin"])
def test_copy_exports_only_what_the_persona_may_see(as_user, varied_contacts, persona, request, contact_point):
    user: User = request.getfixturevalue(persona)
    ContactFactory(representative=request.getfixturevalue("staff_a"), contact_point=contact_point)
    ContactFactory(representative=request.getfixturevalue("staff_other"), contact_point=contact_point)

    rows = read_contacts(as_user(user).get("/insights/export/contacts.csv"))

    exported = {int(row["contact"]) for row in rows}
    assert exported == set(Contact.objects.visible_to(user).values_list("pk", flat=True))


def failing_rows(good: int) -> Iterator[list[object]]:
    for i in range(good):
        yield [i, f"row {i}"]
    raise DatabaseError("server closed the connection unexpectedly")


def read_until_failure(stream: Iterator[str | bytes]) -> list[str]:
    received: list[str] = []
    with pytest.raises(DatabaseError):
        for chunk in stream:
            received.append(chunk if isinstance(chunk, str) else chunk.decode())
    return "".join(received).splitlines()


def test_a_stream_that_fails_midway_ends_with_a_line_saying_it_is_incomplete():
    stream = counted_stream(["contact", "text"], row_chunks(failing_rows(3)), language="en")

    lines = read_until_failure(stream)

    assert lines[:4] == ["contact,text", "0,row 0", "1,row 1", "2,row 2"]
    assert lines[-1] == f"{INCOMPLETE}it stopped after 3 contacts. Rows are missing; export again."
    assert not any(line.startswith(COMPLETE) for line in lines)


def test_a_copy_that_fails_midway_hands_over_its_rows_then_says_it_is_incomplete():
    def copy(target: CopyTarget) -> None:
        for i in range(5):
            target.write(f"{i},copied\n".encode())
        raise DatabaseError("terminating connection due to administrator command")

    stream = counted_stream(["contact", "text"], copy_chunks(copy, cancel=lambda: None), language="en")

    lines = read_until_failure(stream)

    assert lines[1:6] == [f"{i},copied" for i in range(5)]
    assert lines[-1].startswith(f"{INCOMPLETE}it stopped after 5 contacts.")


def test_the_incomplete_line_speaks_the_language_of_the_export():
    lines = read_until_failure(counted_stream(["contact"], row_chunks(failing_rows(1)), language="es"))
    assert lines[-1].startswith("# EXPORTACIÓN INCOMPLETA")


def test_a_copy_left_by_its_client_is_cancelled_and_its_thread_ends():
    cancelled = threading.Event()

    def copy(target: CopyTarget) -> None:
        # As the server does: rows until the cancel arrives, then an error.
        while not cancelled.is_set():
            target.write(b"x" * 1000 + b"\n")
        raise DatabaseError("canceling statement due to user request")

    chunks = copy_chunks(copy, cancel=cancelled.set)
    first, rows = next(chunks)
    chunks.close()

    assert cancelled.is_set()
    assert rows == len(first.splitlines()) > 0
    assert not any(thread.name == "csv-copy" for thread in threading.enumerate())


def test_a_complete_export_ends_with_its_row_count(as_user, staff_a, contact_point):
    for _ in range(3):
        ContactFactory(representative=staff_a, contact_point=contact_point)

    body = b"".join(as_user(staff_a).get("/insights/export/contacts.csv").streaming_content).decode()

    assert body.endswith(f"{COMPLETE}3 contacts.\n")
    assert body.count("\n") == 1 + 3 + 1


def test_the_trailer_speaks_the_readers_language(as_user, staff_a, contact_point):
    ContactFactory(representative=staff_a, contact_point=contact_point)

    response = as_user(staff_a).get("/insights/export/contacts.csv", HTTP_ACCEPT_LANGUAGE="th")

    assert b"".join(response.streaming_content).decode().splitlines()[-1] == "# ส่งออกครบถ้วน: การติดต่อ 1 รายการ"
