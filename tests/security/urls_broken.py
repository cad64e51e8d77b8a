"""The project's URLs plus one page that fails, to see the product's own 500 page."""

from django.urls import path

from clp.urls import handler400, handler500, urlpatterns  # noqa: F401


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, path("broken/", broken)]
