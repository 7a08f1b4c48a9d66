"""The webhooks pages (url names `automation:webhooks_<page>`)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
