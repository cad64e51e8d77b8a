from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from clp.accounts.forms import EmailAuthenticationForm

urlpatterns = [
    path(
        "login/",
        login_not_required(auth_views.LoginView.as_view(authentication_form=EmailAuthenticationForm)),
        name="login",
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
