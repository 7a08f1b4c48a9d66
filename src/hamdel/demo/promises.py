"""Demo promises: an agent promised a time — one kept, one open, one broken, one falling due soon."""

from __future__ import annotations

import datetime as dt

from hamdel.accounts.models import User
from hamdel.conversations import services
from hamdel.conversations.models import Conversation, ConversationEvent, Delivery, Message
from hamdel.conversations.types import InboundMessage
from hamdel.core.events import suppressed
from hamdel.core.permissions import SYSTEM
from hamdel.policies.promises.models import Promise
from hamdel.policies.promises.services import REMIND_BEFORE, promises_record_reply, promises_tick

# (customer, what they wrote, the agent's promise, hours ago it was said, the agent's later reply or "")
STORIES = [
    (
        "مریم کاظمی",
        "سلام، سه روز است مبلغ مرجوعی به حسابم برنگشته.",
        "سلام مریم خانم، پیگیری کردم. تا فردا ساعت ۱۲ نتیجه را خبر می‌دهم.",
        30,
        "همان‌طور که قول داده بودم: مبلغ امروز صبح به حسابتان واریز شد. شماره پیگیری ۸۸۲۱۴۵.",
    ),
    (
        "رضا نوروزی",
        "گوشی که خریدم روشن نمی‌شود، کی برای تعویض تماس می‌گیرید؟",
        "سلام آقای نوروزی، درخواست تعویض ثبت شد. "
        "ظرف ۴۸ ساعت کاری کارشناس ما با شما تماس می‌گیرد و ما هم پیگیری می‌کنیم.",
        2,
        "",
    ),
    (
        "سمانه اکبری",
        "فاکتور رسمی سفارشم را لازم دارم.",
        "سلام، فاکتور رسمی تا فردا ساعت ۱۴ برایتان ایمیل می‌شود.",
        50,
        "",
    ),
    (
        "حمید رحیمی",
        "بسته‌ام امروز نرسید، لطفاً پیگیری کنید.",
        "سلام آقای رحیمی، با شرکت پست تماس می‌گیرم و تا یک ساعت دیگر خبرتان می‌کنم.",
        0.6,
        "",
    ),
]


def load_promises(agent: User, lead: User, now: dt.datetime) -> None:
    """Four conversations through the promise actions, dated in the past (listeners stay quiet meanwhile)."""
    with suppressed():
        _load(agent, lead, now)


def _load(agent: User, lead: User, now: dt.datetime) -> None:
    conversations = []
    for i, (name, question, promise, hours_ago, follow_up) in enumerate(STORIES):
        said_at = now - dt.timedelta(hours=hours_ago)
        opened = said_at - dt.timedelta(minutes=20)
        result = services.ingest(
            InboundMessage(
                channel="chat" if i % 2 else "email",
                identity_kind="email",
                address=f"promise-{i}@example.ir",
                customer_name=name,
                external_id=f"demo-promise-{i}",
                text=question,
                thread_key=f"demo-promise-{i}",
                subject=question[:60],
            )
        )
        conv = Conversation.objects.get(pk=result.conversation_id)
        services.conversation_assign(conversation=conv, assignee=agent, actor=lead)
        Message.objects.filter(pk=result.message_id).update(created_at=opened)
        ConversationEvent.objects.filter(conversation=conv).update(at=opened)
        _said(conv, agent, promise, said_at)
        last = said_at
        if follow_up:
            last = said_at + dt.timedelta(hours=hours_ago / 2)
            _said(conv, agent, follow_up, last)
        Conversation.objects.filter(pk=conv.pk).update(
            created_at=opened,
            last_inbound_at=opened,
            first_response_at=said_at,
            last_message_at=last,
            updated_at=last,
        )
        conversations.append(conv)
    promises_tick(actor=SYSTEM, now=now)
    # The run's timeline rows are dated when they happened: a break just after the due time, a reminder
    # half an hour before it.
    for event in ConversationEvent.objects.filter(conversation__in=conversations, at__gt=now):
        due = dt.datetime.fromisoformat(event.data["due"])
        at = due + dt.timedelta(minutes=1) if event.type == "promise_broken" else due - REMIND_BEFORE
        ConversationEvent.objects.filter(pk=event.pk).update(at=min(at, now - dt.timedelta(minutes=1)))


def _said(conv: Conversation, agent: User, text: str, when: dt.datetime) -> None:
    """A reply dated `when`, read for promises as of that moment; its timeline rows dated with it."""
    before = set(ConversationEvent.objects.filter(conversation=conv).values_list("pk", flat=True))
    message = services.reply(conversation=conv, author=agent, text=text)
    Message.objects.filter(pk=message.pk).update(created_at=when, sent_at=when)
    promises_record_reply(message_id=message.pk, actor=SYSTEM)
    Promise.objects.filter(message=message).update(created_at=when)
    ConversationEvent.objects.filter(conversation=conv).exclude(pk__in=before).update(at=when)
    Delivery.objects.filter(message=message).update(sent_at=when)
