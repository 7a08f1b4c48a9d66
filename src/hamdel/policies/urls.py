"""Policies pages, one include per feature (names are `policies:<feature>_<page>`)."""

from django.urls import include, path

app_name = "policies"
urlpatterns = [
    path("calendars/", include("hamdel.policies.calendars.urls")),
    path("sla/", include("hamdel.policies.sla.urls")),
    path("promises/", include("hamdel.policies.promises.urls")),
    path("returns/", include("hamdel.policies.returns.urls")),
    path("remedies/", include("hamdel.policies.remedies.urls")),
]
