"""Every URL, every role, the expected answer. A URL with no row fails, so no page ships
unreviewed. Rows live in tests/security/matrix_<app>.py (see tests/security/matrix.py)."""

import importlib
import pkgutil
import re
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.security as security_pkg
from tests.factories.accounts import login_verified
from tests.security.matrix import LOGIN, ROLES

SKIP_NAMESPACES = {"admin"}  # Django's admin has its own staff check and login


def _modules():
    for info in pkgutil.iter_modules(security_pkg.__path__):
        if info.name.startswith("matrix_"):
            yield importlib.import_module(f"tests.security.{info.name}")


def _rows():
    rows = {}
    for module in _modules():
        for name, row in module.ROWS.items():
            assert name not in rows, f"{name} has rows in two matrix files"
            rows[name] = row
    return rows


def _url_names(patterns=None, namespace=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    names = []
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            if ns in SKIP_NAMESPACES:
                continue
            names += _url_names(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern):
            if p.name is None:
                names.append(f"{namespace}<unnamed {p.pattern}>")
            else:
                names.append(f"{namespace}{p.name}")
    return sorted(set(names))


ROWS = _rows()


def test_every_url_has_a_row_in_the_matrix():
    missing = [name for name in _url_names() if name not in ROWS]
    assert not missing, f"URLs with no row in the access matrix: {missing}"


def test_the_matrix_names_no_url_that_does_not_exist():
    stale = sorted(set(ROWS) - set(_url_names()))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


@pytest.fixture
def world(
    request,
    db,
    secretary,
    chair,
    treasurer,
    former_treasurer,
    branch_secretary_a,
    branch_secretary_b,
    member,
    ec_member,
    branch_a,
    branch_b,
    posts,
):
    w = SimpleNamespace(
        secretary=secretary,
        chair=chair,
        treasurer=treasurer,
        former_treasurer=former_treasurer,
        branch_secretary_a=branch_secretary_a,
        branch_secretary_b=branch_secretary_b,
        member=member,
        ec_member=ec_member,
        branch_a=branch_a,
        branch_b=branch_b,
        posts=posts,
    )
    for module in _modules():
        if hasattr(module, "build"):
            module.build(w)
    return w


def _answer(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("login")) else 302
    return response.status_code


@pytest.mark.parametrize("url_name", sorted(ROWS))
def test_access(url_name, world, client):
    row = ROWS[url_name]
    url = reverse(url_name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query
    wrong = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            login_verified(client, getattr(world, role).user)
        response = client.get(url)
        got = _answer(response)
        if got != row.expected(role):
            wrong.append(f"{role}: expected {row.expected(role)}, got {got}")
        wrong += [f"{role}: {problem}" for problem in _csp_problems(response)]
    assert not wrong, f"{url}: " + "; ".join(wrong)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style[\s>]|<[^>]+\sstyle\s*=", re.IGNORECASE)


def _csp_problems(response):
    """Every answer carries the Content Security Policy, and no page relies on inline script
    or style (which that policy blocks)."""
    problems = []
    policy = response.get("Content-Security-Policy", "")
    script_src = next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")
    if not policy:
        problems.append("no Content-Security-Policy header")
    elif "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src or not script_src:
        problems.append(f"script-src allows inline script: {script_src!r}")
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        if INLINE_SCRIPT.search(html):
            problems.append("an inline <script> in the page")
        if INLINE_HANDLER.search(html):
            problems.append("an inline on...= event handler in the page")
        if INLINE_STYLE.search(html):
            problems.append("inline style in the page (the CSP blocks it: use static/css/app.css)")
    return problems


def test_the_csp_check_catches_inline_script_and_style():
    from django.http import HttpResponse

    page = HttpResponse('<p style="color:red" onclick="go()">x</p><script>alert(1)</script>')
    problems = _csp_problems(page)
    assert "no Content-Security-Policy header" in problems
    assert "an inline <script> in the page" in problems
    assert "an inline on...= event handler in the page" in problems
    assert any(p.startswith("inline style") for p in problems)
    page["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'unsafe-inline'"
    assert any(p.startswith("script-src allows inline script") for p in _csp_problems(page))


def test_a_former_officer_is_expected_to_get_exactly_what_a_member_with_no_post_gets():
    """Access ends with the term: no row may give the Treasurer whose term ended yesterday
    anything a member with no post would not get."""
    different = [
        f"{name}: member {row.expected('member')}, former_treasurer {row.expected('former_treasurer')}"
        for name, row in sorted(ROWS.items())
        if row.expected("member") != row.expected("former_treasurer")
    ]
    assert not different, different


# POST-only URLs a person uses on their own things (their login, their inbox, their feed).
SELF_SERVICE = {
    "logout",
    "accounts:two_factor_disable",
    "accounts:recovery_codes_regenerate",
    "notifications:mark_all_read",
    "meetings:calendar_reset",
}
POST_ONLY = sorted(name for name, row in ROWS.items() if any(row.expected(r) == 405 for r in ROLES))
# Changes whose address also answers GET (the minutes' forms, fetched when opened): their
# POST is refused in the same way.
ALSO_POSTED = [
    "meetings:action_add",
    "meetings:action_edit",
    "meetings:decision_add",
    "meetings:decision_edit",
]


@pytest.mark.parametrize("url_name", [n for n in POST_ONLY if n not in SELF_SERVICE] + ALSO_POSTED)
def test_a_change_is_refused_to_those_with_no_post_today(url_name, world, client):
    """The matrix checks GET; a POST-only URL must also refuse the POST itself to the
    anonymous (to the login page), a member with no post and the former Treasurer (403 or 404)."""
    row = ROWS[url_name]
    url = reverse(url_name, kwargs=row.kwargs(world) if row.kwargs else None)
    wrong = []
    for role, allowed in (("anonymous", {LOGIN}), ("member", {403, 404}), ("former_treasurer", {403, 404})):
        client.logout()
        if role != "anonymous":
            login_verified(client, getattr(world, role).user)
        got = _answer(client.post(url, {}))
        if got not in allowed:
            wrong.append(f"{role}: POST answered {got}")
    assert not wrong, f"{url}: " + "; ".join(wrong)
