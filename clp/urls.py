from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from clp.accounts.forms import EmailAuthenticationForm
from clp.accounts.limits import limit_password_reset

urlpatterns = [
    path(
        "login/",
        login_not_required(auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm)),
        name="login",
    ),
    path(
        "password_reset/",
        login_not_required(limit_password_reset(auth_views.PasswordResetView.as_view())),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
    path("", include("clp.dashboard.urls")),
    path("account/", include("clp.accounts.urls")),
    path("notifications/", include("clp.notifications.urls")),
    path("officers/", include("officers.urls")),
    path("meetings/", include("meetings.urls")),
    path("branches/", include("branches.urls")),
    path("finance/", include("finance.urls")),
    path("admin/", admin.site.urls),
]

# The product's own pages for a bad request and a server error (403 and 404 use Django's
# views with templates/403.html and 404.html).
handler400 = "clp.core.errors.bad_request"
handler500 = "clp.core.errors.server_error"
