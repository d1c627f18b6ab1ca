"""Create the database cache's table, so that `migrate` alone prepares a fresh database.

The public survey pages count their rate limit in the "default" cache, which
is a database table unless REDIS_URL is set. Without the table every public
page would fail, so it is created here rather than left to a separate
`createcachetable` step that a deployment could forget. createcachetable
does nothing for a table that exists, or when the cache is Redis; the
Makefile runs it again, for a site that moves from Redis to the database.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
