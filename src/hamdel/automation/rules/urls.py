"""The rules pages (url names `automation:rules_<page>`)."""

from django.urls import path

from hamdel.automation.rules import views

urlpatterns = [
    path("", views.rules_list, name="rules_list"),
    path("new/", views.rules_new, name="rules_new"),
    path("<int:pk>/", views.rules_edit, name="rules_edit"),
    path("<int:pk>/toggle/", views.rules_toggle, name="rules_toggle"),
    path("<int:pk>/move/", views.rules_move, name="rules_move"),
    path("<int:pk>/dry-run/", views.rules_dry_run, name="rules_dry_run"),
]
