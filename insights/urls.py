from django.urls import path

from insights.views import breakdowns, exports, moments, overview, representatives

urlpatterns = [
    path("", overview.overview, name="insights_overview"),
    path("channels/<int:pk>/", breakdowns.channel_dashboard, name="insights_channel"),
    path("contact-points/<int:pk>/", breakdowns.contact_point_dashboard, name="insights_contact_point"),
    path("representatives/<int:pk>/", representatives.representative_dashboard, name="insights_representative"),
    path("departments/", breakdowns.department_comparison, name="insights_departments"),
    path("moments/", moments.memorable_moments_list, name="insights_moments"),
    path("export/contacts.csv", exports.contacts_export, name="insights_contacts_export"),
    path("export/<slug:table>.csv", exports.table_export, name="insights_export"),
]
