from django.urls import path

from moments.views import contacts, health, home, logging

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("log/", logging.contact_log_view, name="contact_log"),
    path("log/standard/", logging.contact_point_standard, name="contact_point_standard"),
    path("log/customers/", logging.customer_search, name="customer_search"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/correct/", contacts.contact_correct_view, name="contact_correct"),
]
