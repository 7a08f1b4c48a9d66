from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from hamdel.config.api import api
from hamdel.core.audit_views import audit_log
from hamdel.core.views import settings_home, system_status

admin.site.site_header = _("Hamdel administration")
admin.site.site_title = _("Hamdel")
admin.site.index_title = _("Set-up")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("settings/", settings_home, name="settings"),
    path("settings/audit/", audit_log, name="audit_log"),
    path("settings/status/", system_status, name="system_status"),
    path("api/v1/", api.urls),
    path("", include("hamdel.accounts.urls")),  # /accounts/… log-in, /settings/… users, teams, keys
    path("i18n/", include("django.conf.urls.i18n")),
    path("channels/", include("hamdel.connectors.urls")),
    path("feedback/", include("hamdel.feedback.urls")),
    path("policies/", include("hamdel.policies.urls")),
    path("coach/", include("hamdel.coach.urls")),
    path("automation/", include("hamdel.automation.urls")),
    path("kb/", include("hamdel.knowledge.urls")),
    path("help/", include("hamdel.knowledge.help_urls")),
    path("settings/bot/", include("hamdel.bot.urls")),
    path("insights/", include("hamdel.insights.urls")),
    path("insights/", include("hamdel.insights.problems.urls")),
    path("customers/", include("hamdel.customers.urls")),
    path("", include("hamdel.web.urls")),
    path("", include("hamdel.conversations.urls")),
]
