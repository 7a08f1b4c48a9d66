from django.urls import URLPattern, path

from hamdel.policies.promises import views

urlpatterns: list[URLPattern] = [
    path("conversation/<int:number>/add/", views.promise_add, name="promise_add"),
    path("<int:pk>/edit/", views.promise_edit, name="promise_edit"),
]
