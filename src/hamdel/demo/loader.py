"""Realistic demo data from the project's Persian corpus, loaded once into an empty database."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hamdel.accounts.models import Role, Team, User
from hamdel.accounts.services import user_create
from hamdel.conversations import services
from hamdel.conversations.analysis import analyze_messages
from hamdel.conversations.models import (
    Conversation,
    ConversationEvent,
    Delivery,
    DeliveryStatus,
    Message,
    Priority,
    Status,
    Tag,
)
from hamdel.conversations.types import InboundMessage
from hamdel.core.events import suppressed
from hamdel.customers.models import Customer, Organisation
from hamdel.customers.services import customer_add_identity, customer_note_add
from hamdel.demo import sla as demo_sla
from hamdel.demo.bot import load_bot_demo
from hamdel.demo.calendars import demo_calendars
from hamdel.demo.canned import demo_canned
from hamdel.demo.coach_review import load_coach_review_demo
from hamdel.demo.insights import load_insights
from hamdel.demo.knowledge import load_knowledge
from hamdel.demo.orders import demo_orders
from hamdel.demo.playbook import load_playbook
from hamdel.demo.problems import load_problems_demo
from hamdel.demo.promises import load_promises
from hamdel.demo.remedies import load_remedies_demo
from hamdel.demo.rules import demo_rules
from hamdel.demo.shield import load_shield_demo
from hamdel.demo.webhooks import load_webhooks_demo

DEMO_USER = "agent"
DEMO_PASSWORD = "hamdel-demo"  # noqa: S105 - printed for the demo
CORPUS = Path(settings.REPO_DIR) / "data" / "corpus" / "hamdel-corpus-v1.jsonl"

FIRST = [
    "علی",
    "مریم",
    "رضا",
    "زهرا",
    "حسین",
    "فاطمه",
    "محمد",
    "سارا",
    "امیر",
    "نرگس",
    "مهدی",
    "لیلا",
    "کاوه",
    "شیرین",
    "بهرام",
    "نازنین",
    "پویا",
    "الهام",
    "آرش",
    "مینا",
]
LAST = [
    "احمدی",
    "رضایی",
    "کریمی",
    "حسینی",
    "موسوی",
    "جعفری",
    "محمدی",
    "کاظمی",
    "صادقی",
    "رحیمی",
    "نوری",
    "قاسمی",
    "اکبری",
    "یزدانی",
    "شریفی",
]
CORPUS_CHANNEL = {
    "chat": "chat",
    "telegram": "telegram",
    "social": "social",
    "review": "social",
    "email": "email",
    "phone_transcript": "phone",
    "web_form": "web_form",
    "survey_comment": "web_form",
    "sms": "sms",
}
# The demo company is one online shop: the corpus rows of the shop domains only, so every message fits it.
DOMAINS = ("ecommerce", "fashion")
# Replies answer what the customer wrote: picked by the message's intent (and tone), never at random.
REPLIES: dict[str, list[str]] = {
    "delivery_delay": [
        "سلام، از تأخیر پیش‌آمده واقعاً عذر می‌خواهم. سفارش شما را پیگیری کردم و تا فردا ساعت ۱۸ به دستتان می‌رسد.",
        "حق با شماست، ارسال از زمان وعده‌داده‌شده عقب افتاده. با واحد ارسال هماهنگ کردم و بستهٔ شما در اولویت تحویل امروز است.",
    ],
    "order_status": [
        "سلام، سفارش شما در مرحلهٔ ارسال است. کد رهگیری را همین حالا برایتان پیامک کردم.",
        "سفارش شما بسته‌بندی شده و امروز تحویل پست می‌شود؛ کد رهگیری تا عصر برایتان ارسال می‌شود.",
    ],
    "damaged_or_defective": [
        "متأسفم که کالا آسیب‌دیده رسیده. یک کالای سالم جایگزین برایتان ارسال می‌کنیم و هزینهٔ ارسال با ماست.",
        "بابت این ایراد عذر می‌خواهم. لطفاً کالا را نگه دارید؛ پیک فردا آن را می‌برد و کالای سالم را همان‌جا تحویل می‌دهد.",
    ],
    "wrong_or_missing_item": [
        "عذر می‌خواهم بابت این اشتباه. قلم جاافتاده تا دو روز کاری ارسال می‌شود.",
        "حق با شماست، کالای اشتباه فرستاده شده. کالای درست را امروز ارسال می‌کنیم و کالای اشتباه را پیک ما برمی‌دارد.",
    ],
    "return_or_refund": [
        "درخواست بازگشت شما ثبت شد. طبق حق انصراف ۱۴ روزه، مبلغ تا ۷۲ ساعت کاری به حسابتان برمی‌گردد.",
        "بازگشت کالا را برایتان ثبت کردم؛ پیک برای دریافت کالا هماهنگ می‌کند و وجه پس از رسیدن کالا به انبار برگشت داده می‌شود.",
    ],
    "cancellation": [
        "سفارش شما لغو شد و مبلغ تا ۷۲ ساعت کاری برگشت داده می‌شود.",
        "درخواست لغو را ثبت کردم و جلوی ارسال سفارش گرفته شد؛ برگشت وجه را پیامک می‌کنیم.",
    ],
    "billing_payment": [
        "پرداخت شما را با واحد مالی بررسی کردم؛ اگر مبلغی اضافه کسر شده باشد تا ۷۲ ساعت کاری به حسابتان برمی‌گردد.",
        "تراکنش شما را پیدا کردم. نتیجهٔ بررسی واحد مالی را تا پایان امروز برایتان می‌فرستم.",
    ],
    "pricing": [
        "ممنون از سؤالتان. قیمت‌ها روزانه به‌روز می‌شوند؛ قیمت نهایی همان است که در سبد خرید می‌بینید و تخفیف‌ها هم همان‌جا اعمال می‌شود.",
        "تفاوت قیمت به‌خاطر موجودی و تأمین‌کنندهٔ متفاوت است. اگر بخواهید، وقتی قیمت پایین آمد خبرتان می‌کنیم.",
    ],
    "account_access": [
        "رمز عبور حساب شما بازنشانی شد. لطفاً با لینک پیامک‌شده رمز تازه بسازید.",
        "حساب شما را بررسی کردم و دوباره فعال شد؛ برای امنیت بیشتر، ورود دو مرحله‌ای را هم روشن کنید.",
    ],
    "technical_problem": [
        "مشکل را به تیم فنی گزارش دادم و تا پایان امروز نتیجه را خبر می‌دهم.",
        "ممنون که جزئیات را نوشتید؛ ایراد برای تیم فنی ثبت شد. تا رفع آن می‌توانید از نسخهٔ وب سایت استفاده کنید.",
    ],
    "staff_behavior": [
        "از برخوردی که تجربه کردید واقعاً متأسفیم. موضوع را به مدیر مربوط گزارش دادم و پیگیری می‌شود.",
        "این برخورد در شأن شما نبود و عذر می‌خواهیم. گزارش شما به سرپرست تیم رسید و نتیجه را خبرتان می‌کنم.",
    ],
    "product_question": [
        "سؤال خوبی است. مشخصات کامل و راهنمای اندازه در صفحهٔ کالا آمده؛ اگر باز هم مطمئن نبودید، همین‌جا بپرسید.",
        "برای این کالا، راهنمای نگهداری و جدول اندازه را برایتان فرستادم؛ اگر نیاز بود، تعویض اندازه هم رایگان است.",
    ],
    "service_quality": [
        "از بازخورد صادقانه‌تان ممنونیم و بابت تجربهٔ ناخوشایند عذر می‌خواهیم. آن را به مدیر خدمات منتقل کردم.",
        "حق با شماست و باید بهتر عمل می‌کردیم. نظر شما در جلسهٔ هفتگی تیم بررسی می‌شود.",
    ],
    "suggestion": [
        "ممنون از پیشنهاد خوبتان؛ آن را به تیم محصول منتقل کردم.",
        "پیشنهادتان را ثبت کردم تا در برنامهٔ بهبود بررسی شود. ممنون که وقت گذاشتید.",
    ],
    "praise": [
        "از لطف و پیام گرمتان بسیار ممنونیم! خوشحالیم که راضی بودید.",
        "پیامتان حال همهٔ تیم را خوب کرد، ممنونیم! به همکارانمان هم می‌رسانیم.",
    ],
}
# A customer who writes kindly (thanks, «it worked») is thanked, whatever the topic.
THANKS = [
    "خوشحالیم که مشکل حل شد! ممنون از صبر و همراهی‌تان.",
    "از پیام گرمتان ممنونیم؛ هر وقت کاری داشتید همین‌جا هستیم.",
]
DEFAULT_REPLY = "سلام، ممنون از پیامتان. موضوع را بررسی می‌کنم و به‌زودی پاسخ می‌دهم."
# The customer's next message continues the same conversation: thanks after a solution, a nudge otherwise.
FOLLOW_UP_SOLVED = ["ممنون، مشکلم حل شد 🙏", "خیلی ممنون از پیگیری‌تان.", "دستتان درد نکند، رسید."]
FOLLOW_UP_WAITING = [
    "ممنون از پاسخ. کی نتیجه را خبر می‌دهید؟",
    "هنوز خبری نشده؛ لطفاً پیگیری کنید.",
    "باشد، منتظر می‌مانم. لطفاً خبرم کنید.",
]
LONG_URL_TEXT = (
    "سلام، پرداخت انجام شد ولی سفارش ثبت نشد. این لینک رسید بانک است: "
    "https://pay.shop.example.ir/receipt/verify?ref=A7F3C9D2E1B04F6A8C3D5E7F9A1B2C3D4E5F60718293A4B5C6D7E8F9&amount=3200000"
    " شمارهٔ کارت ۶۰۳۷۹۹۱۱۲۲۳۳۴۴۵۵ و شمارهٔ پیگیری ۰۹۸۷۶۵۴۳۲۱۰۹۸۷۶۵۴۳۲۱ است."
)


def reply_for(row: dict, rnd: random.Random) -> str:
    """The agent's answer to a corpus message: by its intent, or thanks when the customer wrote kindly."""
    if row["sentiment"] in ("positive", "very_positive") and row["intent"] not in (
        "product_question",
        "pricing",
    ):
        return rnd.choice(REPLIES["praise"] if row["intent"] == "praise" else THANKS)
    return rnd.choice(REPLIES.get(row["intent"], [DEFAULT_REPLY]))


NOTES = [
    "مشتری قبلاً هم همین مشکل را داشته؛ پیگیری ویژه.",
    "با انبار هماهنگ شد.",
    "منتظر پاسخ واحد مالی هستیم.",
    "مشتری ترجیح می‌دهد فقط پیامک بگیرد.",
]
TAGS = [
    ("ارسال", "#0ea5e9"),
    ("مالی", "#a855f7"),
    ("کیفیت", "#f97316"),
    ("VIP", "#eab308"),
    ("بازگشت کالا", "#ef4444"),
]
INTENT_TAG = {
    "delivery_delay": "ارسال",
    "order_status": "ارسال",
    "billing_payment": "مالی",
    "pricing": "مالی",
    "damaged_or_defective": "کیفیت",
    "service_quality": "کیفیت",
    "return_or_refund": "بازگشت کالا",
}


def _identity(channel: str, i: int) -> tuple[str, str]:
    if channel == "email":
        return "email", f"customer{i}@example.ir"
    if channel in ("sms", "phone", "walk_in"):
        return "phone", f"+98912{i:07d}"
    if channel in ("telegram", "bale"):
        return channel, str(100_000_000 + i)
    if channel == "chat":
        return "chat", f"visitor-{i}"
    if channel == "social":
        return "social", f"@user{i}"
    return "email", f"customer{i}@example.ir"


def _backdate(conv: Conversation, start: dt.datetime, now: dt.datetime, rnd: random.Random) -> None:
    """Spread a conversation's messages and events over realistic times from `start`, never past `now`.

    Messages and events keep the order they were written in; an event written with a message (the
    assignment on reply) stays minutes from it, a customer's next message comes hours later.
    """
    messages = list(conv.messages.order_by("created_at", "id"))
    events = list(ConversationEvent.objects.filter(conversation=conv).order_by("at", "id"))
    items: list[tuple[dt.datetime, int, object]] = [(m.created_at, 0, m) for m in messages]
    items += [(e.at, 1, e) for e in events]
    items.sort(key=lambda item: (item[0], item[1], item[2].pk))  # type: ignore[attr-defined]
    gaps = [0]
    seen_message = isinstance(items[0][2], Message) if items else False
    for (_, _, prev), (_, _, item) in itertools.pairwise(items):
        if isinstance(item, ConversationEvent):
            gaps.append(rnd.randint(0, 3) if isinstance(prev, Message) else rnd.randint(1, 20))
        elif not seen_message:
            gaps.append(0)  # the conversation's first message arrives with its "created" event
        elif item.direction == "in":  # type: ignore[attr-defined]
            gaps.append(rnd.randint(30, 900))
        else:
            gaps.append(rnd.randint(4, 240))
        seen_message = seen_message or isinstance(item, Message)
    total = dt.timedelta(minutes=sum(gaps))
    latest_start = now - total - dt.timedelta(minutes=rnd.randint(2, 40))
    t = min(start, latest_start)
    times: dict[tuple[str, int], dt.datetime] = {}
    for gap, (_, _, item) in zip(gaps, items, strict=True):
        t += dt.timedelta(minutes=gap, seconds=rnd.randint(0, 59))
        key = ("event" if isinstance(item, ConversationEvent) else "message", item.pk)  # type: ignore[attr-defined]
        times[key] = t
    for m in messages:
        Message.objects.filter(pk=m.pk).update(created_at=times[("message", m.pk)])
        Delivery.objects.filter(message=m).update(sent_at=times[("message", m.pk)])
    for e in events:
        ConversationEvent.objects.filter(pk=e.pk).update(at=times[("event", e.pk)])
    first = min(times.values())
    last = max(times.values())
    msg_times = [times[("message", m.pk)] for m in messages if m.kind != "note"]
    fields: dict[str, object] = {
        "created_at": first,
        "last_message_at": max(msg_times, default=first),
        "updated_at": last,
    }
    inbound = [times[("message", m.pk)] for m in messages if m.direction == "in"]
    replies = [times[("message", m.pk)] for m in messages if m.direction == "out" and m.kind == "message"]
    if inbound:
        fields["last_inbound_at"] = max(inbound)
    if conv.first_response_at:
        fields["first_response_at"] = min(replies, default=last)
    for status_field, status in (("resolved_at", "resolved"), ("closed_at", "closed")):
        if getattr(conv, status_field):
            done = [times[("event", e.pk)] for e in events if e.type == "status_changed" and e.new == status]
            fields[status_field] = max(done, default=last)
    Conversation.objects.filter(pk=conv.pk).update(**fields)


def load_demo(*, conversations: int = 320, customers: int = 60, seed: int = 1405) -> bool:
    """Load the demo once; returns False when the database already has conversations."""
    if Conversation.objects.exists():
        return False
    rnd = random.Random(seed)
    random.seed(seed)
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if len(r["text"]) > 12 and r["domain"] in DOMAINS]
    rnd.shuffle(rows)
    now = timezone.now()
    with suppressed(), transaction.atomic():
        admin = user_create(
            username="admin", password=DEMO_PASSWORD, role=Role.ADMIN, display_name="مدیر سیستم"
        )
        lead = user_create(
            username="lead", password=DEMO_PASSWORD, role=Role.SUPERVISOR, display_name="نسرین سرپرست"
        )
        agents = [user_create(username=DEMO_USER, password=DEMO_PASSWORD, display_name="سمیرا پشتیبان")]
        for i, name in enumerate(["کامران", "هانیه", "بهزاد"], start=2):
            agents.append(user_create(username=f"agent{i}", password=DEMO_PASSWORD, display_name=name))
        agents[-1].is_available = False
        agents[-1].save(update_fields=["is_available"])
        sales = Team.objects.create(name="پشتیبانی فروش")
        sales.members.set(agents[:2])
        tech = Team.objects.create(name="پشتیبانی فنی")
        tech.members.set(agents[2:])
        tags = {name: Tag.objects.create(name=name, color=color) for name, color in TAGS}
        demo_canned(lead=lead, agent=agents[0])
        org = Organisation.objects.create(name="شرکت نمونه پارس")
        channels = [
            "email",
            "chat",
            "web_form",
            "telegram",
            "bale",
            "sms",
            "phone",
            "social",
            "walk_in",
            "api",
        ]
        people: list[tuple[str, str]] = []
        for i in range(customers):
            people.append(
                (f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}", channels[i % len(channels)])
            )
        statuses = [Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.RESOLVED, Status.CLOSED]
        weights = [12, 18, 10, 4, 30, 26]
        known: dict[int, tuple[Customer, set[tuple[str, str]]]] = {}
        for n in range(conversations):
            row = rows[n % len(rows)]
            who = n % customers
            name, home_channel = people[who]
            channel = CORPUS_CHANNEL.get(row["channel"], home_channel) if n % 3 else home_channel
            kind, address = _identity(channel, who)
            if who in known and (kind, address) not in known[who][1]:
                # one person, many channels: the new identity joins their profile (the whole history in one place)
                customer_add_identity(customer=known[who][0], kind=kind, address=address)
                known[who][1].add((kind, address))
            result = services.ingest(
                InboundMessage(
                    channel=channel,
                    identity_kind=kind,
                    address=address,
                    customer_name=name,
                    external_id=f"demo-{n}",
                    text=row["text"],
                    thread_key=f"demo-thread-{n}",
                    subject=row["text"][:60] if channel == "email" else "",
                )
            )
            conv = Conversation.objects.get(pk=result.conversation_id)
            if who not in known:
                known[who] = (conv.customer, {(kind, address)})
            status = rnd.choices(statuses, weights)[0]
            agent = rnd.choice(agents)
            if status != Status.NEW or rnd.random() < 0.3:
                services.conversation_assign(conversation=conv, assignee=agent, actor=lead)
                services.conversation_set_team(
                    conversation=conv, team=sales if agents.index(agent) < 2 else tech, actor=lead
                )
            if status != Status.NEW:
                services.reply(conversation=conv, author=agent, text=reply_for(row, rnd))
                if status != Status.PENDING and rnd.random() < 0.4:
                    # pending waits for the customer, so only the other statuses carry the customer's next word
                    solved = status in (Status.RESOLVED, Status.CLOSED)
                    services.ingest(
                        InboundMessage(
                            channel=channel,
                            identity_kind=kind,
                            address=address,
                            external_id=f"demo-{n}-b",
                            text=rnd.choice(FOLLOW_UP_SOLVED if solved else FOLLOW_UP_WAITING),
                            thread_key=f"demo-thread-{n}",
                        )
                    )
                if rnd.random() < 0.25:
                    services.note_add(conversation=conv, author=agent, text=rnd.choice(NOTES))
                services.conversation_set_status(conversation=conv, status=status, actor=agent)
            if row["urgency"] == "high" or row["abusive"]:
                services.conversation_set_priority(
                    conversation=conv,
                    priority=Priority.URGENT if row["abusive"] or row["churn_risk"] else Priority.HIGH,
                    actor=lead,
                )
            elif row["urgency"] == "low" and rnd.random() < 0.5:
                services.conversation_set_priority(conversation=conv, priority=Priority.LOW, actor=lead)
            if row["intent"] in INTENT_TAG:
                services.conversation_add_tag(conversation=conv, name=INTENT_TAG[row["intent"]], actor=agent)
            if who % 11 == 0:
                conv.tags.add(tags["VIP"])
            conv.refresh_from_db()
            days_ago = 90 * (1 - n / conversations) ** 1.5
            _backdate(conv, now - dt.timedelta(days=days_ago, minutes=rnd.randint(0, 600)), now, rnd)
        _long_text_conversation(agents[0], lead, now, rnd)
        demo_orders(lead=lead, now=now, rnd=rnd, backdate=_backdate)
        Delivery.objects.update(status=DeliveryStatus.SENT, attempts=1)
        for customer in Customer.objects.all():
            first = customer.conversations.order_by("created_at").values_list("created_at", flat=True).first()
            if first:
                Customer.objects.filter(pk=customer.pk).update(created_at=first)
        inbound = list(Message.objects.filter(direction="in", kind="message").order_by("pk"))
        for start in range(0, len(inbound), 256):
            analyze_messages(inbound[start : start + 256])
        # analysis raised some priorities just now: date each change just after the message it read
        for event in ConversationEvent.objects.filter(at__gte=now).select_related("conversation"):
            read = event.conversation.messages.filter(direction="in").order_by("created_at").first()
            if read is not None:
                ConversationEvent.objects.filter(pk=event.pk).update(
                    at=read.created_at + dt.timedelta(seconds=rnd.randint(5, 90))
                )
        for i, customer in enumerate(Customer.objects.order_by("pk")):
            if i % 5 == 0:
                customer_add_identity(customer=customer, kind="phone", address=f"+98935{i:07d}")
            if i % 7 == 0:
                customer_note_add(
                    customer=customer, author=lead, text="لطفاً فقط بعد از ساعت ۱۶ تماس بگیرید.", pinned=True
                )
            if i % 9 == 0:
                customer.organisation = org
                customer.tags = ["مشتری وفادار"]
                customer.save(update_fields=["organisation", "tags"])
        demo_calendars()
        _demo_channels()
        _demo_feedback(rnd, rows, lead, now)
        load_promises(agents[0], lead, now)
        load_remedies_demo(admin=admin, lead=lead, agent=agents[0])
        load_webhooks_demo(admin=admin)
        demo_rules(admin=admin, team=sales)
        load_shield_demo(admin=admin, lead=lead, now=now, rnd=rnd, backdate=_backdate)
        load_coach_review_demo(rnd)
        load_playbook(lead=lead)
        load_knowledge(lead=lead, agent=agents[0])
        load_bot_demo(now=now, rnd=rnd, backdate=_backdate)
        load_problems_demo(now=now, rnd=rnd, backdate=_backdate)
        demo_sla.load(actor=admin)  # last: every demo conversation, the ones above included, gets its clock
        load_insights(now)  # after everything: the report tables from the whole (backdated) history
    del admin
    return True


def _long_text_conversation(agent: User, lead: User, now: dt.datetime, rnd: random.Random) -> None:
    """A customer pasting a long bank link and card number: the layout must wrap it, not widen."""
    result = services.ingest(
        InboundMessage(
            channel="email",
            identity_kind="email",
            address="payment-check@example.ir",
            customer_name="نیلوفر صادقی",
            external_id="demo-long-url",
            text=LONG_URL_TEXT,
            thread_key="demo-thread-long-url",
            subject="پرداخت شد ولی سفارش ثبت نشد: https://pay.shop.example.ir/receipt/verify?ref=A7F3C9D2E1B04F6A8C3D",
        )
    )
    conv = Conversation.objects.get(pk=result.conversation_id)
    services.conversation_assign(conversation=conv, assignee=agent, actor=lead)
    services.reply(conversation=conv, author=agent, text=REPLIES["billing_payment"][1])
    _backdate(conv, now - dt.timedelta(hours=3), now, rnd)


def _demo_channels() -> None:
    """A few configured inboxes, so the Channels page shows what a set-up looks like."""
    from hamdel.connectors.models import Inbox

    Inbox.objects.create(name="ایمیل پشتیبانی", kind="email", email_addresses="support@shop.example.ir")
    Inbox.objects.create(name="گفتگوی سایت", kind="chat")
    Inbox.objects.create(name="فرم تماس با ما", kind="web_form")
    Inbox.objects.create(name="ربات تلگرام", kind="telegram")


def _demo_feedback(rnd: random.Random, rows: list[dict], lead: User, now: dt.datetime) -> None:
    """Survey answers, ideas and listening-post items over the same 90 days as the conversations."""
    from hamdel.feedback.models import FeedbackItem, Response
    from hamdel.feedback.services import (
        idea_set_status,
        idea_submit,
        idea_vote,
        item_analyze,
        item_create,
        response_save,
        survey_create,
    )

    survey = survey_create(
        name="رضایت پس از پشتیبانی",
        actor=lead,
        questions=[
            {"key": "csat", "type": "csat", "text": "از پاسخی که گرفتید چقدر راضی هستید؟", "required": True},
            {"key": "ces", "type": "ces", "text": "شرکت حل مشکل را برایم آسان کرد.", "required": False},
            {
                "key": "nps",
                "type": "nps",
                "text": "چقدر احتمال دارد ما را به دوستانتان پیشنهاد کنید؟",
                "required": True,
            },
            {"key": "comment", "type": "text", "text": "اگر نکته‌ای دارید بنویسید", "required": False},
        ],
    )
    customers = list(Customer.objects.order_by("pk"))
    by_sentiment = {
        s: [r["text"] for r in rows if r["sentiment"] == s and r["channel"] == "survey_comment"]
        for s in ("very_negative", "negative", "neutral", "positive", "very_positive")
    }
    for i in range(120):
        csat = rnd.choices([1, 2, 3, 4, 5], [6, 8, 14, 34, 38])[0]
        nps = min(10, max(0, csat * 2 + rnd.randint(-2, 1)))
        mood = {1: "very_negative", 2: "negative", 3: "neutral", 4: "positive", 5: "very_positive"}[csat]
        answers = {"csat": csat, "nps": nps, "ces": min(7, max(1, csat + rnd.randint(0, 2)))}
        if by_sentiment[mood] and rnd.random() < 0.6:
            answers["comment"] = rnd.choice(by_sentiment[mood])
        response = response_save(
            survey=survey, answers=answers, complete=True, customer=customers[i % len(customers)]
        )
        when = now - dt.timedelta(days=90 * (1 - i / 120), hours=rnd.randint(0, 12))
        Response.objects.filter(pk=response.pk).update(started_at=when, completed_at=when)
        FeedbackItem.objects.filter(response=response).update(occurred_at=when)
    reviews = [r for r in rows if r["channel"] in ("review", "social")][:60]
    for row in reviews:
        item_create(
            actor=lead,
            source="review" if row["channel"] == "review" else "social",
            text=row["text"],
            rating={"very_negative": 1, "negative": 2, "neutral": 3, "positive": 4, "very_positive": 5}[
                row["sentiment"]
            ]
            if row["channel"] == "review"
            else None,
            rating_max=5 if row["channel"] == "review" else None,
            occurred_at=now - dt.timedelta(days=rnd.uniform(0, 90)),
        )
    ideas = [
        ("امکان پیگیری سفارش با کد ملی", "بدون ورود به حساب بتوانم سفارشم را پیگیری کنم."),
        ("ارسال همان روز در تهران", "برای سفارش‌های قبل از ظهر، ارسال همان روز داشته باشید."),
        ("پشتیبانی تلفنی تا ساعت ۲۲", "بعد از ساعت کاری هم بشود تماس گرفت."),
        ("بسته‌بندی بدون پلاستیک", "بسته‌بندی‌ها را کاغذی کنید."),
    ]
    for n, (title, body) in enumerate(ideas):
        idea = idea_submit(title=title, body=body, voter=f"demo-voter-{n}", author_name=FIRST[n])
        for v in range(rnd.randint(3, 25)):
            idea_vote(idea=idea, voter=f"demo-{n}-{v}")
        if n == 1:
            idea_set_status(
                idea=idea, status="planned", public_reply="از ماه آینده در تهران آزمایش می‌شود.", actor=lead
            )
        if n == 3:
            idea_set_status(
                idea=idea,
                status="done",
                public_reply="از این ماه همهٔ بسته‌ها کاغذی است. ممنون از پیشنهادتان!",
                actor=lead,
            )
    for item in FeedbackItem.objects.filter(sentiment=""):
        item_analyze(item_id=item.pk)
