"""The rules pages (url names `automation:rules_<page>`)."""

from django.urls import path

from hamdel.automation.rules import views

urlpatterns = [
    path("", views.rules_list, name="rules_list"),
    path("<int:pk>/toggle/", views.rules_toggle, name="rules_toggle"),
    path("<int:pk>/dry-run/", views.rules_dry_run, name="rules_dry_run"),
]
