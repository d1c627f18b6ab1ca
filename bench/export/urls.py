"""The app's URLconf plus the export benchmark's baseline: the contact list built row by row in Python."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as app_urls
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

# The app's own error pages too: a database outage under load is its 503, not Django's bare 500.
handler400 = app_urls.handler400
handler403 = app_urls.handler403
handler404 = app_urls.handler404
handler500 = app_urls.handler500
