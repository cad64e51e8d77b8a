"""The product's URLs, and the floor: a trivial page behind the same middleware (session,
login, two-factor, CSP...), the yardstick every page is measured against."""

from django.http import HttpResponse
from django.urls import path

from clp.urls import handler400, handler500  # noqa: F401
from clp.urls import urlpatterns as product


def floor(request):
    return HttpResponse("floor", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *product]
