from django.urls import path  # noqa: F401 - the area's pages add their routes here

urlpatterns: list = []
