"""Customer pages, mounted at /customers/."""

from django.urls import path

from hamdel.customers import privacy_views, views

app_name = "customers"
urlpatterns = [
    path("", views.customers, name="customers"),
    path("<int:pk>/", views.customer, name="customer"),
    path("<int:pk>/note/", views.customer_note, name="customer_note"),
    path("<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("<int:pk>/export/", privacy_views.customer_export_view, name="customer_export"),
    path("<int:pk>/erase/", privacy_views.customer_erase_view, name="customer_erase"),
]
