"""The product's own error pages, in plain English (templates/400.html ... 500.html).

Django's own views render templates/403.html, 404.html and 403_csrf.html (a form refused
by the CSRF check). A bad request and a server error are rendered here, with the CLP's name
but without the request's context (no session, no database): the request or the database
may be what went wrong.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string


def bad_request(request, exception=None):
    return HttpResponseBadRequest(render_to_string("400.html", {"clp_name": settings.CLP_NAME}))


def server_error(request):
    return HttpResponseServerError(render_to_string("500.html", {"clp_name": settings.CLP_NAME}))


def too_many(request, message, status=429):
    """The answer to a rate-limited request: what was limited, and when to try again."""
    return render(request, "429.html", {"message": message}, status=status)
