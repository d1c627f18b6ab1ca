from django.urls import path

from moments.views import configuration, contacts, health, home, logging

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("log/", logging.contact_log_view, name="contact_log"),
    path("log/standard/", logging.contact_point_standard, name="contact_point_standard"),
    path("log/customers/", logging.customer_search, name="customer_search"),
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/correct/", contacts.contact_correct_view, name="contact_correct"),
    path("configure/channels/", configuration.channel_list, name="channel_list"),
    path("configure/channels/new/", configuration.channel_create, name="channel_create"),
    path("configure/channels/<int:pk>/", configuration.channel_edit, name="channel_edit"),
    path("configure/channels/<int:pk>/retire/", configuration.channel_retire, name="channel_retire"),
    path("configure/channels/<int:pk>/reactivate/", configuration.channel_reactivate, name="channel_reactivate"),
    path("configure/channels/<int:pk>/delete/", configuration.channel_delete, name="channel_delete"),
    path("configure/departments/", configuration.department_list, name="department_list"),
    path("configure/departments/new/", configuration.department_create, name="department_create"),
    path("configure/departments/<int:pk>/", configuration.department_edit, name="department_edit"),
    path("configure/departments/<int:pk>/retire/", configuration.department_retire, name="department_retire"),
    path(
        "configure/departments/<int:pk>/reactivate/", configuration.department_reactivate, name="department_reactivate"
    ),
    path("configure/departments/<int:pk>/delete/", configuration.department_delete, name="department_delete"),
    path("configure/contact-points/", configuration.contact_point_list, name="contact_point_list"),
    path("configure/contact-points/new/", configuration.contact_point_create, name="contact_point_create"),
    path("configure/contact-points/<int:pk>/", configuration.contact_point_edit, name="contact_point_edit"),
    path("configure/contact-points/<int:pk>/retire/", configuration.contact_point_retire, name="contact_point_retire"),
    path(
        "configure/contact-points/<int:pk>/reactivate/",
        configuration.contact_point_reactivate,
        name="contact_point_reactivate",
    ),
    path("configure/contact-points/<int:pk>/delete/", configuration.contact_point_delete, name="contact_point_delete"),
]
