from django.urls import path

from hamdel.policies.returns import views

urlpatterns = [
    path("", views.returns_list, name="returns_list"),
    path("<int:pk>/status/", views.return_status, name="return_status"),
    path("from-conversation/<int:number>/", views.return_open, name="return_open"),
]
