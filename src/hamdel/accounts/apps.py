from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hamdel.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from hamdel.accounts import events  # noqa: F401  (declares the events)
        from hamdel.accounts.notifications import notification_unread_count
        from hamdel.core.permissions import Perm
        from hamdel.core.slots import NavItem, settings_register, topbar_register

        sections = (
            (
                "users",
                _("Users"),
                "accounts:users",
                Perm.USER_MANAGE,
                ("accounts:user_new", "accounts:user_edit"),
            ),
            ("teams", _("Teams"), "accounts:teams", Perm.TEAM_MANAGE, ("accounts:team_edit",)),
            ("api_keys", _("API keys"), "accounts:api_keys", Perm.API_KEY_MANAGE, ()),
        )
        for order, (key, label, url_name, perm, more) in enumerate(sections, start=10):
            settings_register(
                NavItem(
                    key=key, label=label, url_name=url_name, order=order, perm=perm, current=(url_name, *more)
                )
            )
        # The notification centre: a top-bar link with the unread count, for every staff member.
        topbar_register(
            NavItem(
                key="notifications",
                label=_("Notifications"),
                url_name="accounts:notifications",
                perm=Perm.CONVERSATION_VIEW,
                badge=lambda request: notification_unread_count(request.user),
            )
        )
