"""The SLA listeners' batch forms (a worker draining a backlog, issue 11) end exactly where the one-by-one
listeners end: the same clocks, whether the clock was started first or made from history on the way."""

from __future__ import annotations

from typing import Any

from hamdel.conversations import services as conv
from hamdel.conversations.models import Conversation, Message, MessageKind
from hamdel.policies.sla import services
from hamdel.policies.sla.models import SlaClock

SKIP = {"id", "conversation", "conversation_id", "_state"}


def _stories(inbound: Any, agent: Any, travel: Any) -> dict[str, tuple[list[Conversation], list[int]]]:
    """Twice, at the same moments: three conversations — a reply in time, a late reply then the customer
    writes again, no reply (the listeners have not run: nothing was committed)."""
    runs = ("a", "b")
    convs: dict[str, list[Conversation]] = {run: [] for run in runs}
    for i in range(3):
        for run in runs:
            result = inbound(f"سلام {i}", address=f"{run}-{i}@example.ir", external_id=f"{run}-{i}")
            convs[run].append(Conversation.objects.get(pk=result.conversation_id))
    travel(minutes=20)
    for run in runs:
        conv.reply(conversation=convs[run][0], author=agent, text="در حال پیگیری")
    travel(minutes=25)
    for run in runs:
        conv.reply(conversation=convs[run][1], author=agent, text="ببخشید دیر شد")
    travel(minutes=5)
    for run in runs:
        inbound("هنوز درست نشده", address=f"{run}-1@example.ir", external_id=f"{run}-again")
        inbound("کسی هست؟", address=f"{run}-2@example.ir", external_id=f"{run}-again2")
    travel(minutes=10)
    return {
        run: (
            convs[run],
            list(
                Message.objects.filter(conversation__in=convs[run], kind=MessageKind.MESSAGE)
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
        )
        for run in runs
    }


def _clocks(convs: list[Conversation]) -> list[dict[str, Any]]:
    out = []
    for c in convs:
        clock = SlaClock.objects.get(conversation=c)
        out.append({k: v for k, v in vars(clock).items() if k not in SKIP})
    return out


def test_batched_and_one_by_one_sla_listeners_end_identical(
    admin: Any, agent: Any, inbound: Any, travel: Any
) -> None:
    services.sla_policy_create(
        actor=admin,
        data={
            "name": "پاسخ",
            "basis": "calendar",
            "first_response_minutes": 30,
            "next_response_minutes": 60,
            "resolution_minutes": 600,
        },
    )
    stories = _stories(inbound, agent, travel)
    (one_convs, one_ids), (batch_convs, batch_ids) = stories["a"], stories["b"]
    # conversation 2's clock is not started first: it is made from its history when its messages come
    for c in one_convs[:2]:
        services.sla_clock_start(conversation_id=c.pk)
    for pk in one_ids:
        services.sla_clock_message(message_id=pk)
    services.sla_clocks_start(conversation_ids=[c.pk for c in batch_convs[:2]])
    services.sla_clocks_messages(message_ids=batch_ids)
    one, batched = _clocks(one_convs), _clocks(batch_convs)
    assert [c["first_response_met"] for c in one] == [True, False, None]
    assert one[1]["awaiting_next_since"] is not None
    for a, b in zip(one, batched, strict=True):
        assert a == b
