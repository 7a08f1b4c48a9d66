from django.urls import path

from hamdel.web import views

app_name = "web"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("inbox/bulk/", views.inbox_bulk, name="inbox_bulk"),
    path("c/<int:number>/", views.conversation, name="conversation"),
    path("c/<int:number>/timeline/", views.conversation_timeline, name="conversation_timeline"),
    path("c/<int:number>/reply/", views.conversation_reply, name="conversation_reply"),
    path("c/<int:number>/update/", views.conversation_update, name="conversation_update"),
    path("c/<int:number>/retry/", views.delivery_retry, name="delivery_retry"),
    path("c/<int:number>/canned/<int:pk>/", views.canned_render, name="canned_render"),
    path("c/<int:number>/messages/<int:pk>/labels/", views.label_correct, name="label_correct"),
    path("customers/", views.customers, name="customers"),
    path("customers/<int:pk>/", views.customer, name="customer"),
    path("customers/<int:pk>/note/", views.customer_note, name="customer_note"),
    path("customers/<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("me/availability/", views.toggle_availability, name="availability"),
]
