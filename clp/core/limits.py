"""The size of a request, refused before it is read.

Django reads an upload as it comes and checks its size only afterwards; a 150 MB post
would be read in full before the form said no. The Content-Length header says how much is
coming, so anything over REQUEST_MAX_BYTES is answered at once with a plain page, and the
body is never read (gunicorn then drops the connection rather than drain it).
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            context = {
                "clp_name": settings.CLP_NAME,
                "limit": filesizeformat(settings.REQUEST_MAX_BYTES),
                "size": filesizeformat(length),
            }
            return HttpResponse(render_to_string("413.html", context), status=413)
        return self.get_response(request)
