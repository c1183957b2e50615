"""URLs of the portal benchmark's app servers: the product's, plus a minimal Django view."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    """The smallest Django answer: the same middleware, no template, no database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("_bench/minimal/", minimal),
    path("", include("chibo.urls")),
]
