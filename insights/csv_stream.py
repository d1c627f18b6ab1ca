"""Streaming CSV files: the lines, the neutralised cells, PostgreSQL's COPY, and how a file ends.

A streamed file is sent while it is being read, so a failure halfway cannot
turn into an error page any more: the headers (200) are long gone. Two
things keep a cut-off file from passing for a complete one:

- a file that streams rows from the database ends with a trailer line,
  ``# Export complete: N contacts.``, written only after the last row; a
  file without it is incomplete, whatever cut it off (a killed worker, a
  dropped connection), and N lets anyone check the row count;
- a failure the server sees (the database went away mid-file) writes a last
  line saying the export is incomplete and after how many rows, then aborts
  the response, so the chunked transfer is left unterminated and the
  browser reports the download as failed as well.

On PostgreSQL the contact list is written by the database itself: ``COPY
(<the queryset's SELECT>) TO STDOUT WITH (FORMAT csv)`` through the
request's own psycopg2 connection. psycopg2's ``copy_expert`` only writes
into a file until the copy ends, so it runs in a thread that hands the rows
over in chunks through a short queue: the database is read as fast as the
client takes the file, and no more than ``COPY_QUEUE_CHUNKS`` chunks wait in
memory.
"""

from __future__ import annotations

import csv
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from django.db import connection
from django.db.models import Case, Expression, F, QuerySet, TextField, Value, When
from django.db.models.functions import Concat, Left, NullIf
from django.db.models.lookups import In
from django.utils import translation
from django.utils.translation import ngettext

# A cell starting with one of these is a formula to a spreadsheet; customers'
# comments come from a public page, so they are neutralised.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# PostgreSQL ends its CSV lines with a bare newline and has no option for
# another; the files written in Python end theirs the same way, so both paths
# give the same bytes (every spreadsheet reads either).
LINE_END = "\n"
# The COPY thread hands the rows over in chunks of about this size: large
# enough that the hand-over costs nothing per row, small enough to stream.
COPY_CHUNK_BYTES = 64 * 1024
# At most this many chunks (1 MiB) wait between the database and the client.
COPY_QUEUE_CHUNKS = 16
# How often a COPY thread blocked on a full queue checks whether the client left.
COPY_PUT_SECONDS = 0.5


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_text(expression: str | Expression | F) -> Case:
    """In SQL, what `safe_cell` does in Python; an empty text and NULL both become an empty cell.

    NULLIF matters for COPY: it writes an empty text as "" and NULL as
    nothing, where Python's csv writes nothing for both.
    """
    text = TextField()
    value = NullIf(F(expression) if isinstance(expression, str) else expression, Value(""), output_field=text)
    return Case(
        When(In(Left(value, 1), list(FORMULA_PREFIXES)), then=Concat(Value("'", output_field=text), value)),
        default=value,
        output_field=text,
    )


class _Echo:
    """A file-like object csv.writer can write to, handing each line back to the stream."""

    def write(self, value: str) -> str:
        return value


def csv_writer() -> Any:
    """One per stream: a writer keeps state between rows, and threads serve requests side by side."""
    return csv.writer(_Echo(), lineterminator=LINE_END)


def lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str | bytes]:
    """A small table, neutralised; it ends when the rows do."""
    yield csv_writer().writerow(header)
    for line, _ in row_chunks(rows):
        yield line


# A piece of the file and how many rows it holds.
Chunk = tuple[str | bytes, int]


def row_chunks(rows: Iterable[list[Any]]) -> Iterator[Chunk]:
    """Rows built in Python, one line each, neutralised."""
    writer = csv_writer()
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row]), 1


def counted_stream(header: list[str], chunks: Iterable[Chunk], *, language: str) -> Iterator[str | bytes]:
    """The header, the rows, and the line that says whether the file is complete (in `language`)."""
    writer = csv_writer()
    yield writer.writerow(header)
    count = 0
    try:
        for chunk, rows in chunks:
            yield chunk
            count += rows
    except Exception:
        # Raised again so the response is aborted and the failure logged;
        # a client that went away raises GeneratorExit, which needs no line.
        yield writer.writerow([_incomplete(count, language)])
        raise
    yield writer.writerow([_complete(count, language)])


def _complete(count: int, language: str) -> str:
    with translation.override(language):
        return ngettext("# Export complete: %(count)s contact.", "# Export complete: %(count)s contacts.", count) % {
            "count": count
        }


def _incomplete(count: int, language: str) -> str:
    with translation.override(language):
        return ngettext(
            "# EXPORT INCOMPLETE: it stopped after %(count)s contact. Rows are missing; export again.",
            "# EXPORT INCOMPLETE: it stopped after %(count)s contacts. Rows are missing; export again.",
            count,
        ) % {"count": count}


class CopyTarget(Protocol):
    def write(self, data: bytes) -> None: ...


class _CopyPipe:
    """Where psycopg2 writes the COPY: one write per row (PostgreSQL sends each row in its own message)."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Chunk | BaseException | None] = queue.Queue(maxsize=COPY_QUEUE_CHUNKS)
        self.stopped = threading.Event()
        self._rows: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        self._rows.append(data)
        self._size += len(data)
        if self._size >= COPY_CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        if self._rows:
            chunk = (b"".join(self._rows), len(self._rows))
            self._rows, self._size = [], 0
            self.put(chunk)

    def put(self, item: Chunk | BaseException | None) -> None:
        # Once the client has left, rows are dropped until the cancelled COPY returns.
        while not self.stopped.is_set():
            try:
                self.queue.put(item, timeout=COPY_PUT_SECONDS)
                return
            except queue.Full:
                continue


def copy_chunks(copy: Callable[[CopyTarget], None], *, cancel: Callable[[], None]) -> Iterator[Chunk]:
    """Run `copy` (which writes rows into its argument) in a thread and hand its rows over in chunks.

    A failure of `copy` is raised here, after the rows it wrote before it.
    If the stream is closed early, `cancel` stops the COPY on the server.
    """
    pipe = _CopyPipe()

    def run() -> None:
        try:
            copy(pipe)
        except Exception as error:
            pipe.flush()
            pipe.put(error)
        else:
            pipe.flush()
            pipe.put(None)

    thread = threading.Thread(target=run, name="csv-copy", daemon=True)
    thread.start()
    finished = False
    try:
        while (item := pipe.queue.get()) is not None:
            if isinstance(item, BaseException):
                finished = True
                raise item
            yield item
        finished = True
    finally:
        pipe.stopped.set()
        if not finished:
            cancel()
        thread.join()


def postgresql_copy_chunks(queryset: QuerySet[Any]) -> Iterator[Chunk]:
    """The rows of a values_list queryset, as PostgreSQL writes them in CSV: the same SELECT, the same order."""
    sql, params = queryset.query.sql_with_params()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        # COPY takes no parameters: psycopg2 quotes them into the statement, as it would for execute().
        select = cursor.mogrify(sql, params).decode()
    statement = f"COPY ({select}) TO STDOUT WITH (FORMAT csv)"
    raw = connection.connection

    def copy(target: CopyTarget) -> None:
        with raw.cursor() as cursor:
            cursor.copy_expert(statement, target)

    completed = False
    try:
        yield from copy_chunks(copy, cancel=raw.cancel)
        completed = True
    finally:
        if not completed:
            # A cancelled or failed COPY may leave the connection mid-protocol: never reuse it.
            connection.close()
