from django.urls import path

from hamdel.policies.calendars import views

urlpatterns = [
    path("", views.calendar_list, name="calendar_list"),
    path("<int:pk>/", views.calendar_edit, name="calendar_edit"),
    path("<int:pk>/holidays/", views.calendar_holidays, name="calendar_holidays"),
]
