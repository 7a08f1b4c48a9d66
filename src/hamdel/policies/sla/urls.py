from django.urls import path

from hamdel.policies.sla import views

urlpatterns = [
    path("", views.sla_list, name="sla_list"),
    path("<int:pk>/", views.sla_edit, name="sla_edit"),
    path("<int:pk>/move/", views.sla_move, name="sla_move"),
]
