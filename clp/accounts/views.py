from base64 import b32encode
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from clp.accounts import exports, selectors, services
from clp.accounts.forms import AuditFilterForm, TokenForm
from clp.core.access import access_for, require
from clp.core.bounds import next_url
from clp.core.exports import download
from clp.core.formats import day_clock

CODES_SESSION_KEY = "accounts_recovery_codes"


def _has_app(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def _next_url(request, default="home"):
    return next_url(request, reverse(default))


def account(request):
    access = access_for(request.user)
    context = {
        "has_app": _has_app(request.user),
        "required": access.needs_two_factor,
        "codes_left": StaticToken.objects.filter(device__user=request.user).count(),
        "reads_audit": access.can_read_audit,
    }
    return render(request, "accounts/account.html", context)


@never_cache
def two_factor_setup(request):
    """Scan a QR code into an authenticator app and type a code from it."""
    if _has_app(request.user) and not request.user.is_verified():
        # Replacing the app needs the current one: a password alone is not enough.
        return redirect("accounts:two_factor_verify")
    device = services.two_factor_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.two_factor_confirm(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)
            request.session[CODES_SESSION_KEY] = codes
            messages.success(request, "Two-factor authentication is on.")
            return redirect(f"{reverse('accounts:recovery_codes')}?{urlencode({'next': _next_url(request)})}")
        form.add_error("token", "That code is not right. Check your phone's clock and try the newest code.")
    context = {
        "form": form,
        "qr": services.two_factor_qr_svg(device),
        "secret": _spaced(b32encode(device.bin_key).decode()),
        "required": access_for(request.user).needs_two_factor,
        "next": _next_url(request),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _spaced(secret):
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
def two_factor_verify(request):
    """The second step of logging in: a code from the app, or a recovery code."""
    if not _has_app(request.user):
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if device.name == services.RECOVERY_DEVICE:
                left = device.token_set.count()
                messages.warning(request, f"You used a recovery code; {left} left.")
            return redirect(_next_url(request))
        if selectors.two_factor_paused(request.user):
            form.add_error("token", "Too many wrong codes in a row. Wait a minute, then try the newest code.")
        else:
            form.add_error("token", "That code is not right. Try the newest code from your app.")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@never_cache
def recovery_codes(request):
    """The recovery codes just made, shown this once."""
    codes = request.session.pop(CODES_SESSION_KEY, None)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@require_POST
def recovery_codes_regenerate(request):
    if not request.user.is_verified():
        raise PermissionDenied("Set up two-factor authentication first.")
    request.session[CODES_SESSION_KEY] = services.recovery_codes_regenerate(user=request.user)
    messages.success(request, "New recovery codes made; the old ones no longer work.")
    return redirect("accounts:recovery_codes")


@require_POST
def two_factor_disable(request):
    if access_for(request.user).needs_two_factor:
        raise PermissionDenied("Your posts require two-factor authentication; it cannot be turned off.")
    if not request.user.is_verified():
        raise PermissionDenied("Enter a code first.")
    services.two_factor_disable(user=request.user)
    messages.success(request, "Two-factor authentication is off.")
    return redirect("accounts:account")


@never_cache
def my_data_json(request):
    """Everything held about the logged-in person (UK GDPR right of access)."""
    return download(exports.personal_data_json(request.user))


@never_cache
def my_data_csv(request):
    return download(exports.personal_data_csv(request.user))


@require("can_read_audit")
def audit(request):
    """Who changed what and when, across every audited record."""
    models = selectors.audited_models()
    form = AuditFilterForm(request.GET or None, models=models)
    model_label = form.cleaned_data["type"] if form.is_valid() else None
    page = Paginator(selectors.AuditRows(model_label=model_label), 50).get_page(request.GET.get("page"))
    rows = [_audit_row(e) for e in selectors.audit_page(list(page.object_list))]
    context = {"form": form, "page": page, "entries": rows}
    return render(request, "accounts/audit.html", context)


def _audit_change(name, old, new):
    return format_html("<li>{}: {} \u2192 {}</li>", capfirst(name), old or "(blank)", new or "(blank)")


def _audit_row(e):
    """One entry's row, written once here instead of a dozen template nodes and filters (the
    same HTML; what users wrote is escaped)."""
    changes = ""
    if e.changes:
        items = SafeString("".join([_audit_change(*change) for change in e.changes]))
        changes = format_html('<ul class="changes">{}</ul>', items)
    return format_html(
        "\n    <tr>\n      <td>{}</td>\n      <td>{}</td>\n      <td>{} {}</td>\n"
        '      <th scope="row">{}</th>\n      <td>{}</td>\n    </tr>\n    ',
        SafeString(day_clock(e.when, " ")),
        e.user.display_name if e.user else "The system",
        e.action,
        e.model.lower(),
        e.object_label,
        changes,
    )
