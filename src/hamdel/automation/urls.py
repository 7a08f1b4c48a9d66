"""Automation pages, one include per feature (names are `automation:<feature>_<page>`)."""

from django.urls import include, path

app_name = "automation"
urlpatterns = [
    path("rules/", include("hamdel.automation.rules.urls")),
    path("webhooks/", include("hamdel.automation.webhooks.urls")),
]
