"""The shield pages (names `coach:shield_<page>`)."""

from django.urls import URLPattern, path

from hamdel.coach.shield import views

urlpatterns: list[URLPattern] = [
    path("settings/", views.shield_settings, name="shield_settings"),
    path("c/<int:number>/boundary/", views.shield_boundary, name="shield_boundary"),
]
