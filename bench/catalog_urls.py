"""The project's URLs plus ``/bench/hello``: the baseline of the catalog benchmark (the same
server, middleware and workers, no database and no template)."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse(b"Hello, world", content_type="text/plain")


urlpatterns = [
    path("bench/hello", hello),
    path("", include("config.urls")),
]
