"""Logging in and two-factor authentication, enforced: whoever is not logged in is sent to
the login page (an htmx request too, as a whole page); whoever must use two-factor
(`needs_two_factor`, asked of clp.core.access) or has chosen to is sent to set it up or to
enter a code before any page but the login, logout, password-reset and two-factor pages."""

from urllib.parse import urlencode, urlsplit

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpResponse
from django.shortcuts import redirect
from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.core.access import access_for

# Pages a logged-in but not yet verified user may open.
EXEMPT = {
    "logout",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
}


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's, but an htmx request (a form fetched or posted in place after the session
    ran out) is told to load the login page as a whole page, back to the page it came from,
    instead of having the login page swapped into a fragment."""

    def handle_no_permission(self, request, view_func):
        response = super().handle_no_permission(request, view_func)
        if not request.headers.get("HX-Request"):
            return response
        login = response["Location"].split("?")[0]
        came_from = urlsplit(request.headers.get("HX-Current-URL", ""))
        page = came_from.path + (f"?{came_from.query}" if came_from.query else "")
        if page.startswith("/") and not page.startswith("//"):
            login += "?" + urlencode({self.get_redirect_field_name(view_func): page})
        return HttpResponse(status=204, headers={"HX-Redirect": login})


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not getattr(view_func, "login_required", True):  # public pages (login, reset, healthz)
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT:
            return None
        # Recovery codes come with an authenticator app, so the app's device decides.
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            target = "accounts:two_factor_verify"
        elif access_for(user).needs_two_factor:
            target = "accounts:two_factor_setup"
        else:
            return None
        response = redirect(target)
        if request.method == "GET" and not request.headers.get("HX-Request"):
            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request"):
            # htmx would swap the code page into a fragment: make it load the whole page.
            response = HttpResponse(status=204, headers={"HX-Redirect": response["Location"]})
        return response
