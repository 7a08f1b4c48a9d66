from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    name = "hamdel.connectors"
    label = "connectors"
    verbose_name = _("Channels")

    def ready(self) -> None:
        from hamdel.connectors import registry, tasks
        from hamdel.core.events import listen

        registry.load()  # every channel's spec, into hamdel.core.channels for the other apps
        listen("delivery_created", tasks.deliver_later)
        _register_slots()
        _register_recovery()


def _register_recovery() -> None:
    """Envelopes a crash left `received` (doctor: stuck; recovery queues their parse) and failed ones."""
    from hamdel.connectors import tasks
    from hamdel.conversations.models import EnvelopeStatus, InboundEnvelope
    from hamdel.core.recovery import Probe, probe_register

    probe_register(
        Probe(
            "envelopes_received",
            _("Received envelopes with no parse queued"),
            "stuck",
            lambda: len(tasks.envelopes_unqueued()),
            tasks.envelopes_requeue,
        )
    )
    probe_register(
        Probe(
            "envelopes_failed",
            _("Envelopes that failed to parse (hamdel replay)"),
            "failed",
            lambda: InboundEnvelope.objects.filter(status=EnvelopeStatus.FAILED).count(),
        )
    )


def _chat_visitor_group(conversation_id: int) -> str:
    """The web-chat visitor's socket group of a chat conversation, '' for other channels."""
    from hamdel.connectors.chat.parse import group_for
    from hamdel.conversations.models import Conversation

    rows = Conversation.objects.filter(pk=conversation_id, channel="chat").values_list(
        "thread_key", flat=True
    )
    thread = rows.first()
    return group_for(thread) if thread else ""


def _register_slots() -> None:
    """The channels settings in the menu, the call/visit log on the customer page, agent typing to chat."""
    from hamdel.conversations.consumers import register_visitor_group
    from hamdel.core.permissions import Perm
    from hamdel.core.slots import NavItem, Panel, nav_register, panel_register

    register_visitor_group(_chat_visitor_group)

    nav_register(
        NavItem(
            key="channels",
            label=_("Channels"),
            url_name="connectors:settings",
            order=70,
            perm=Perm.INBOX_MANAGE,
            current=("connectors",),
        )
    )
    panel_register(
        "customer",
        Panel(
            key="customer_log",
            title=_("Log a call or a visit"),
            template="connectors/customer_log.html",
            context=lambda request, customer: {"customer": customer},
            order=60,
            perm=Perm.CUSTOMER_EDIT,
        ),
    )
