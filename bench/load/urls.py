"""The app's URLconf plus the load test's baseline: a bare form POST that inserts one row."""

from django.urls import path

from bench.load.views import bare_insert
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/bare-insert/", bare_insert, name="bench_bare_insert"),
    *app_urlpatterns,
]
