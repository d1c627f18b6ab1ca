from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("insights/", include("insights.urls")),
    path("improvement/", include("improvement.urls")),
    path("", include("moments.urls")),
    path("", include("surveys.urls")),
]

# Our own error pages: they never read the request body and never fail in turn
# (a form Django cannot decode made its default handlers raise again).
handler400 = "moments.views.errors.bad_request"
handler403 = "moments.views.errors.permission_denied"
handler404 = "moments.views.errors.page_not_found"
handler500 = "moments.views.errors.server_error"
