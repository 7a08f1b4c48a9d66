from django.urls import path

from hamdel.bot import views

app_name = "bot"
urlpatterns = [path("", views.bot_settings, name="settings")]
