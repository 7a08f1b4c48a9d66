"""Coach pages, one include per feature (names are `coach:<feature>_<page>`)."""

from django.urls import include, path

app_name = "coach"
urlpatterns = [
    path("review/", include("hamdel.coach.review.urls")),
    path("playbook/", include("hamdel.coach.playbook.urls")),
    path("shield/", include("hamdel.coach.shield.urls")),
]
