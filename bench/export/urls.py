"""The app's URLconf plus the export benchmark's baseline: the contact list built row by row in Python."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns
from insights.views.exports import contact_orm_chunks, contacts_response


@login_required
def contacts_export_in_python(request: HttpRequest) -> HttpResponse:
    """What SQLite serves, on PostgreSQL: the same file, each row built by the ORM."""
    return contacts_response(request, contact_orm_chunks)


urlpatterns = [
    path("bench/contacts-in-python.csv", contacts_export_in_python, name="bench_contacts_in_python"),
    *app_urlpatterns,
]
