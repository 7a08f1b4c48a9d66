from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "hamdel.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from hamdel.conversations import events, listeners  # noqa: F401  (declares the events)

        listeners.register()

        from hamdel.conversations.services.history import record_customer_merge
        from hamdel.customers.services import merge_hook_register

        merge_hook_register(record_customer_merge)

        from hamdel.conversations.services.privacy import erase_conversations, export_conversations
        from hamdel.customers.privacy import erase_hook_register, export_hook_register

        export_hook_register(export_conversations)
        erase_hook_register(erase_conversations)
        _register_slots()

        from hamdel.conversations import snapshots

        snapshots.register()
        _register_recovery()


def _register_recovery() -> None:
    """Messages whose analysis a crash lost: doctor counts them as stuck, recovery queues them."""
    from hamdel.conversations import tasks
    from hamdel.core.recovery import Probe, probe_register

    probe_register(
        Probe(
            "analysis_missing",
            _("Customer messages with no analysis queued"),
            "stuck",
            lambda: len(tasks.messages_unanalysed()),
            tasks.analysis_requeue,
        )
    )


def _register_slots() -> None:
    """The inbox in the menu, canned replies and tags in settings, the customer's conversations."""
    from hamdel.conversations import catalog_views, panels
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, Panel, nav_register, panel_register, settings_register

    for section in catalog_views.settings_sections():
        settings_register(section)

    nav_register(
        NavItem(
            key="inbox",
            label=_("Inbox"),
            url_name="conversations:inbox",
            order=10,
            perm=Perm.CONVERSATION_VIEW,
            current=("conversations:inbox", "conversations:conversation"),
        )
    )
    for key, title, template, context, order in (
        (
            "other_conversations",
            _("Other conversations"),
            "_other_conversations.html",
            panels.other_conversations,
            15,
        ),
        ("timing", _("Timing"), "_timing.html", panels.timing, 20),
    ):
        panel_register(
            "conversation",
            Panel(
                key=key,
                title=title,
                template=f"conversations/{template}",
                context=context,
                order=order,
                perm=Perm.CONVERSATION_VIEW,
            ),
        )
    panel_register(
        "customer",
        Panel(
            key="conversations",
            title=_("Conversations"),
            template="conversations/_customer_conversations.html",
            context=panels.customer_conversations,
            order=10,
            perm=Perm.CONVERSATION_VIEW,
        ),
    )
