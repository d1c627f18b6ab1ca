"""The app's URLconf plus the load test's baseline: a bare form POST that inserts one row."""

from django.urls import path

from bench.load.views import bare_insert
from config import urls as app_urls
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/bare-insert/", bare_insert, name="bench_bare_insert"),
    *app_urlpatterns,
]

# The app's own error pages too: a database outage under load is its 503, not Django's bare 500.
handler400 = app_urls.handler400
handler403 = app_urls.handler403
handler404 = app_urls.handler404
handler500 = app_urls.handler500
