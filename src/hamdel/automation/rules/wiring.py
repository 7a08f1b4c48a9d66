"""What the rules feature plugs in: one listener per public event a rule can name."""

from __future__ import annotations


def ready() -> None:
    """Called once from AutomationConfig.ready(), after the apps below it declared their events."""
    from django.utils.translation import gettext_lazy as _

    from hamdel.automation.rules import tasks
    from hamdel.automation.rules.catalog import EVENTS
    from hamdel.automation.rules.runner import listener_for, many_listener_for
    from hamdel.core.events import declared, listen
    from hamdel.core.permissions import Perm
    from hamdel.core.schedule import every
    from hamdel.core.slots import NavItem, settings_register

    every(600, tasks.pending_tick)  # time-based rules, every 10 minutes
    every(600, tasks.sweep_tick)  # rules naming deleted teams, tags… are disabled with the reason
    settings_register(
        NavItem(
            key="rules",
            label=_("Automation rules"),
            url_name="automation:rules_list",
            order=80,
            perm=Perm.RULE_MANAGE,
            current=(
                "automation:rules_list",
                "automation:rules_new",
                "automation:rules_edit",
                "automation:rules_dry_run",
            ),
        )
    )

    for cls in declared().values():
        if cls.public in EVENTS:
            listen(cls, listener_for(cls.public), many=many_listener_for(cls.public))
