"""Synthetic data for the benchmark, generated inside PostgreSQL.

One organisation of a fixed size logs a fixed number of contacts per day;
a bigger data set is the same organisation after more days. That is how the
data grows in real life ("the years pile up"), so a dashboard that reads one
period must cost about the same at 100,000 and at 1,000,000 contacts.

The rows are made with INSERT … SELECT over generate_series, so nothing
crosses the wire: a million contacts take seconds, not minutes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

# An organisation of 8 departments, 120 representatives, 40 contact points,
# logging about 2,740 contacts a day: a million contacts is one year of it.
DEPARTMENTS = 8
REPRESENTATIVES_PER_DEPARTMENT = 15
CONTACT_POINTS_PER_DEPARTMENT = 5
CONTACTS_PER_DAY = 2_740
CUSTOMERS_PER_CONTACT = 0.1
RATED_SHARE = 0.6
UNANSWERED_INVITED_SHARE = 0.5
BENCH_PREFIX = "bench"


@dataclass(frozen=True)
class Organisation:
    admin_id: int
    manager_id: int
    department_ids: list[int]
    representative_ids: list[int]
    contact_point_ids: list[int]
    channel_ids: list[int]


def organisation_create() -> Organisation:
    """The departments, people and contact points of the benchmark (idempotent)."""
    from accounts.models import Department, User
    from moments.models import Channel, ContactPoint

    channel_ids = list(Channel.objects.order_by("id").values_list("id", flat=True))
    departments = [
        Department.objects.get_or_create(name=f"{BENCH_PREFIX} department {d + 1}")[0] for d in range(DEPARTMENTS)
    ]
    representative_ids: list[int] = []
    contact_point_ids: list[int] = []
    for d, department in enumerate(departments):
        for r in range(REPRESENTATIVES_PER_DEPARTMENT):
            user, _ = User.objects.get_or_create(
                username=f"{BENCH_PREFIX}-rep-{d + 1}-{r + 1}",
                defaults={"display_name": f"Rep {d + 1}.{r + 1}", "department": department},
            )
            representative_ids.append(user.pk)
        for c in range(CONTACT_POINTS_PER_DEPARTMENT):
            point, _ = ContactPoint.objects.get_or_create(
                name=f"{BENCH_PREFIX} point {d + 1}.{c + 1}",
                department=department,
                defaults={
                    "channel_id": channel_ids[(d + c) % len(channel_ids)],
                    "purpose": "Benchmark contact point.",
                    "target_csat": None if c == 4 else 75 + 5 * (c % 3),
                },
            )
            contact_point_ids.append(point.pk)
    manager, _ = User.objects.get_or_create(
        username=f"{BENCH_PREFIX}-manager",
        defaults={"display_name": "Bench manager", "role": User.Role.MANAGER, "department": departments[0]},
    )
    manager.managed_departments.set(departments[:2])
    admin, _ = User.objects.get_or_create(
        username=f"{BENCH_PREFIX}-admin",
        defaults={"display_name": "Bench admin", "role": User.Role.ADMIN, "is_staff": True, "is_superuser": True},
    )
    return Organisation(
        admin_id=admin.pk,
        manager_id=manager.pk,
        department_ids=[d.pk for d in departments],
        representative_ids=representative_ids,
        contact_point_ids=contact_point_ids,
        channel_ids=channel_ids,
    )


DATA_TABLES = [
    "surveys_surveyinvitation",
    "moments_rating",
    "moments_contact",
    "moments_customer",
    "moments_contactdayrollup",
]


def data_delete() -> None:
    """Remove the contacts, ratings, invitations and customers of a previous run (the organisation stays)."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE")


@contextmanager
def bulk_load() -> Iterator[None]:
    """Load as a bulk import would: secondary indexes dropped and rebuilt after, FK triggers off if allowed.

    The rows are consistent by construction; rebuilding an index once is
    far cheaper than updating it a million times. Constraint indexes
    (primary keys, unique) stay.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = ANY(%s)
              AND indexname NOT IN (SELECT conname FROM pg_constraint)
            """,
            [DATA_TABLES],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        try:
            # Needs a superuser; without one the foreign keys are checked row by row, slower but fine.
            with transaction.atomic():
                cursor.execute("SET session_replication_role = replica")
        except DatabaseError:
            pass
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            for _, definition in indexes:
                cursor.execute(definition)


def contacts_generate(organisation: Organisation, contacts: int, *, seed: float = 0.42) -> dict[str, float]:
    """Insert `contacts` contacts over the last contacts/CONTACTS_PER_DAY days, with ratings.

    Returns the seconds each step took. Customers are numbered so that a
    customer's kind follows from its id (every fourth one a prospect), which
    spares a join while inserting contacts.
    """
    days = max(1.0, contacts / CONTACTS_PER_DAY)
    customers = max(1, int(contacts * CUSTOMERS_PER_CONTACT))
    now = timezone.now()
    timings: dict[str, float] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [seed])
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO moments_customer (name, search_name, external_ref, kind, email, phone, language, created_at)
            SELECT 'Customer ' || g, 'customer ' || g, '', CASE WHEN g %% 4 = 0 THEN 'prospect' ELSE 'current' END,
                '', '', '', %s
            FROM generate_series(1, %s) AS g
            """,
            [now, customers],
        )
        cursor.execute("SELECT min(id) FROM moments_customer")
        first_customer = cursor.fetchone()[0]
        timings["customers"] = time.perf_counter() - started

        # Representatives and their department's contact points, numbered for
        # the random picks below. Each representative mostly works at two of
        # the five contact points of their department.
        cursor.execute("DROP TABLE IF EXISTS bench_rep; DROP TABLE IF EXISTS bench_point")
        cursor.execute(
            """
            CREATE TEMP TABLE bench_rep AS
            SELECT row_number() OVER (ORDER BY id) AS n, id, department_id, id %% 5 AS quality
            FROM accounts_user WHERE id = ANY(%s)
            """,
            [organisation.representative_ids],
        )
        cursor.execute(
            """
            CREATE TEMP TABLE bench_point AS
            SELECT department_id, row_number() OVER (PARTITION BY department_id ORDER BY id) - 1 AS k,
                   id, channel_id
            FROM moments_contactpoint WHERE id = ANY(%s)
            """,
            [organisation.contact_point_ids],
        )
        cursor.execute("SELECT count(*) FROM bench_rep")
        reps = cursor.fetchone()[0]

        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO moments_contact (
                contact_point_id, representative_id, customer_id, channel_id, department_id, customer_kind,
                occurred_at, duration_minutes, outcome, notes, logged_by_id, logged_at, updated_at
            )
            SELECT p.id, r.id, s.customer_id, p.channel_id, r.department_id,
                   CASE WHEN s.customer_id %% 4 = 0 THEN 'prospect' ELSE 'current' END,
                   s.occurred_at,
                   CASE WHEN s.u_duration < 0.05 THEN NULL ELSE 2 + floor(s.u_duration * 40)::int END,
                   CASE WHEN s.u_outcome < 0.70 THEN 'resolved' WHEN s.u_outcome < 0.82 THEN 'follow_up'
                        WHEN s.u_outcome < 0.92 THEN 'referred' ELSE 'unresolved' END,
                   '', r.id, s.occurred_at, s.occurred_at
            FROM (
                SELECT 1 + floor(random() * %(reps)s)::int AS rep_n,
                       CASE WHEN random() < 0.8 THEN floor(random() * 2)::int ELSE floor(random() * 5)::int END
                           AS point_k,
                       %(first_customer)s + floor(random() * %(customers)s)::bigint AS customer_id,
                       %(now)s - random() * make_interval(secs => %(seconds)s) AS occurred_at,
                       random() AS u_duration,
                       random() AS u_outcome
                FROM generate_series(1, %(contacts)s)
            ) AS s
            JOIN bench_rep AS r ON r.n = s.rep_n
            JOIN bench_point AS p ON p.department_id = r.department_id AND p.k = s.point_k
            ORDER BY s.occurred_at
            """,
            {
                "reps": reps,
                "first_customer": first_customer,
                "customers": customers,
                "now": now,
                "seconds": days * 86_400,
                "contacts": contacts,
            },
        )
        timings["contacts"] = time.perf_counter() - started

        # Contacts are inserted in the order they happened, as they are logged
        # in real life; a table in random order would make every period's
        # rows cost a read of the whole table.
        # Scores lean on the representative's "quality" so that rankings
        # have something to rank; 1s and 5s carry a comment more often.
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO moments_rating (
                contact_id, score, comment, effort_score, source, submitted_at, submitted_in_staff_session
            )
            SELECT id, score,
                   CASE WHEN (score IN (1, 5) AND u_comment < 0.4) OR u_comment < 0.1
                        THEN 'Comment on contact ' || id ELSE '' END,
                   NULL, 'link', occurred_at + interval '10 minutes', false
            FROM (
                SELECT c.id, c.occurred_at, random() AS u_comment,
                       CASE WHEN u < 0.10 - q * 0.015 THEN 1 WHEN u < 0.18 - q * 0.02 THEN 2
                            WHEN u < 0.32 - q * 0.03 THEN 3 WHEN u < 0.70 - q * 0.05 THEN 4 ELSE 5 END AS score
                FROM (
                    SELECT c.id, c.occurred_at, r.quality AS q, random() AS u, random() AS u_rated
                    FROM moments_contact AS c JOIN bench_rep AS r ON r.id = c.representative_id
                ) AS c
                WHERE c.u_rated < %s
            ) AS rated
            ORDER BY id
            """,
            [RATED_SHARE],
        )
        timings["ratings"] = time.perf_counter() - started

        # Every rated contact answered an invitation; half the others were
        # invited and did not answer.
        started = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO surveys_surveyinvitation (
                contact_id, token, method, created_at, expires_at, sent_at, sent_to, answered_at,
                send_attempts, last_error
            )
            SELECT c.id, lpad(c.id::text, 12, '0') || md5(c.id::text), 'link', c.occurred_at,
                   c.occurred_at + interval '7 days',
                   c.occurred_at + interval '1 minute', '', r.submitted_at, 0, ''
            FROM moments_contact AS c LEFT JOIN moments_rating AS r ON r.contact_id = c.id
            WHERE r.id IS NOT NULL OR random() < %s
            ORDER BY c.id
            """,
            [UNANSWERED_INVITED_SHARE],
        )
        timings["invitations"] = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_rep; DROP TABLE bench_point")
    return timings


def vacuum_analyze() -> float:
    """Fresh statistics and visibility maps, as autovacuum would leave them (outside any transaction)."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started
