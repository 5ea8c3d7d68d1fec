from django.urls import path

from danvan import access

from . import views

app_name = "audit"

urlpatterns = [
    # Any logged-in person; the registry's scoped queryset decides which objects (else 404).
    path("<slug:kind>/<int:pk>/", access.authenticated(views.history), name="history"),
]
