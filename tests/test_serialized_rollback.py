"""Every transactional test starts with what the migrations created, whatever ran before it on this worker.

The channels come from a data migration; a transactional test empties the
tables when it ends and its serialized rollback puts them back for the
next one — also after a browser test, whose body runs on another
connection object (tests/conftest.py, django_db_setup).
"""

import pytest

from moments.models import Channel

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_migrations_channels_are_there():
    assert Channel.objects.exists()
