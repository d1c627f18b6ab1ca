from django.urls import URLPattern, URLResolver, path  # noqa: F401 - the area's pages add their routes here

urlpatterns: list[URLPattern | URLResolver] = []
