from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hamdel.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from hamdel.accounts import events  # noqa: F401  (declares the events)
        from hamdel.core.permissions import Perm
        from hamdel.core.slots import NavItem, nav_register

        nav_register(
            NavItem(
                key="settings",
                label=_("Settings"),
                url_name="accounts:users",
                order=80,
                perm=Perm.USER_MANAGE,
                current=(
                    "accounts:users",
                    "accounts:user_new",
                    "accounts:user_edit",
                    "accounts:teams",
                    "accounts:team_edit",
                    "accounts:api_keys",
                ),
            )
        )
