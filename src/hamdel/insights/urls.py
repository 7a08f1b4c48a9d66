"""Insights pages (supervisors and admins): overview, teams and agents, channels, surveys, exports."""

from django.urls import path

from hamdel.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("teams/", views.teams, name="teams"),
    path("channels/", views.channels_page, name="channels"),
    path("surveys/", views.surveys, name="surveys"),
    path("export.<str:fmt>", views.export, name="export"),
]
