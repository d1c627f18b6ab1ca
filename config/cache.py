"""The shared cache when there is no Redis: Django's database cache, with increments that are never lost.

Django's DatabaseCache inherits incr() from BaseCache, which reads the value
and writes it back: two processes counting the same key at once both read n
and both write n + 1. A rate limit counted that way lets more through exactly
when it is hammered by several workers in parallel. Here the read and the
write happen in one transaction that holds the row: SELECT … FOR UPDATE on
PostgreSQL, and on SQLite the transaction's write lock (the settings open
every transaction IMMEDIATE, so writers queue). Values are stored exactly as
Django stores them (pickled, base64), so every other method is Django's own.
"""

from __future__ import annotations

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connections, router, transaction
from django.utils import timezone


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)  # type: ignore[attr-defined]  # set by BaseDatabaseCache, missing from the stubs
        cache_key, value, expires = quote_name("cache_key"), quote_name("value"), quote_name("expires")
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        # As in Django's has_key(): expiry compared in the database, in UTC.
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0, tzinfo=None))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {value} FROM {table} WHERE {cache_key} = %s AND {expires} > %s{lock}",
                [key, now],
            )
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            stored = connection.ops.process_clob(row[0])
            new_value: int = pickle.loads(base64.b64decode(stored.encode(), validate=True)) + delta
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(f"UPDATE {table} SET {value} = %s WHERE {cache_key} = %s", [encoded, key])
        return new_value
