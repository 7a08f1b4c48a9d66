"""What the webhooks feature plugs in: a listener per public event, the retry sweep, the settings entry."""

from __future__ import annotations


def ready() -> None:
    """Called once from AutomationConfig.ready() (automation is installed after every publishing app)."""
    from django.utils.translation import gettext_lazy as _

    from hamdel.automation.webhooks import tasks
    from hamdel.automation.webhooks.catalogue import public_events
    from hamdel.automation.webhooks.events import WebhookDeliveryQueued
    from hamdel.core.events import listen
    from hamdel.core.permissions import Perm
    from hamdel.core.schedule import every
    from hamdel.core.slots import NavItem, settings_register

    for public, cls in public_events().items():
        listen(cls, tasks.listener_for(public), many=tasks.many_listener_for(public))
    listen(WebhookDeliveryQueued, tasks.deliver_later)
    every(60, tasks.deliver_due)
    every(3600, tasks.prune_deliveries)
    every(6 * 3600, tasks.import_legacy_hook)  # a no-op unless HAMDEL_GENERIC_WEBHOOK_URL is set

    settings_register(
        NavItem(
            key="webhooks",
            label=_("Webhooks"),
            url_name="automation:webhook_list",
            order=80,
            perm=Perm.WEBHOOK_MANAGE,
            current=("automation:webhook_list", "automation:webhook_detail"),
        )
    )
