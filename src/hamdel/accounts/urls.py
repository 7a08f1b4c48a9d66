"""Log-in pages under /accounts/ and the admins' settings pages under /settings/ (one namespace)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from hamdel.accounts import views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password_done")
        ),
        name="password",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password_done",
    ),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="notification_read"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("settings/users/", views.user_list, name="users"),
    path("settings/users/new/", views.user_new, name="user_new"),
    path("settings/users/<int:user_id>/", views.user_edit, name="user_edit"),
    path("settings/teams/", views.team_list, name="teams"),
    path("settings/teams/<int:team_id>/", views.team_edit, name="team_edit"),
    path("settings/api-keys/", views.api_key_list, name="api_keys"),
    path("settings/api-keys/<int:key_id>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
