from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts import views as account_views

urlpatterns = [
    # Django's form views take PUT as a POST; a login form has no use for it.
    path("login/", auth_views.LoginView.as_view(http_method_names=["get", "post"]), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("preferences/", account_views.preferences, name="preferences"),
    # The login page's language switch; a GET would change nothing, so only POST is taken.
    path("language/", require_POST(set_language), name="set_language"),
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
