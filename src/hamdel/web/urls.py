"""The top bar's own actions; every page belongs to its app's urls."""

from django.urls import path

from hamdel.web import views

app_name = "web"
urlpatterns = [
    path("me/availability/", views.toggle_availability, name="availability"),
]
