"""Remedy pages under /policies/remedies/ (names `policies:remedy_*`)."""

from django.urls import URLPattern, path

from hamdel.policies.remedies import views

urlpatterns: list[URLPattern] = [
    path("", views.remedy_queue, name="remedy_queue"),
    path("limits/", views.authority_limits, name="remedy_limits"),
    path("c/<int:number>/offer/", views.remedy_offer, name="remedy_offer"),
    path("<int:pk>/decide/", views.remedy_decide, name="remedy_decide"),
    path("<int:pk>/done/", views.remedy_fulfil, name="remedy_fulfil"),
]
