"""The project's URLs plus ``/bench/hello/``: the cheapest Django response, the ceiling the page
benchmarks divide by. Only ``bench.settings`` routes here; production's URLconf has no such view.
"""

from django.http import HttpResponse
from django.urls import path

from danvan import access
from danvan.urls import urlpatterns as project_urlpatterns


def hello(request):
    return HttpResponse(b"hello", content_type="text/plain")


urlpatterns = [
    path("bench/hello/", access.public(hello), name="bench_hello"),
    *project_urlpatterns,
]
