from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ContactFactory, RatingFactory

RATING_LIST = "/admin/moments/rating/"


def test_the_rating_list_names_each_contact_without_a_query_per_row(as_user, admin, contact_point, staff_a):
    def ratings(count):
        for _ in range(count):
            RatingFactory(contact=ContactFactory(representative=staff_a, contact_point=contact_point))

    client = as_user(admin)
    ratings(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(RATING_LIST).status_code == 200
    ratings(8)
    with CaptureQueriesContext(connection) as more:
        response = client.get(RATING_LIST)
    assert response.status_code == 200
    assert response.content.decode().count(contact_point.name) >= 10
    assert len(more) == len(few)
