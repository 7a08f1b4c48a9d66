"""Realistic demo data from the project's Persian corpus, loaded once into an empty database."""

from __future__ import annotations

import datetime as dt
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
    CannedReply,
    Conversation,
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
REPLIES = {
    "delivery_delay": "سلام، از تأخیر پیش‌آمده واقعاً عذر می‌خواهم. سفارش شما را پیگیری کردم و تا فردا ساعت ۱۸ به دستتان می‌رسد.",
    "order_status": "سلام، سفارش شما در مرحلهٔ ارسال است. کد رهگیری را همین حالا برایتان پیامک کردم.",
    "damaged_or_defective": "متأسفم که کالا آسیب‌دیده رسیده. یک کالای سالم جایگزین برایتان ارسال می‌کنیم و هزینهٔ ارسال با ماست.",
    "wrong_or_missing_item": "عذر می‌خواهم بابت این اشتباه. قلم جاافتاده تا دو روز کاری ارسال می‌شود.",
    "return_or_refund": "درخواست بازگشت شما ثبت شد. طبق حق انصراف ۱۴ روزه، مبلغ تا ۷۲ ساعت کاری به حسابتان برمی‌گردد.",
    "cancellation": "سفارش شما لغو شد و مبلغ تا ۷۲ ساعت کاری برگشت داده می‌شود.",
    "billing_payment": "پرداخت شما را بررسی کردم؛ مبلغ دوبار کسر شده و بازگشت وجه اضافه ثبت شد.",
    "account_access": "رمز عبور حساب شما بازنشانی شد. لطفاً با لینک پیامک‌شده رمز تازه بسازید.",
    "technical_problem": "مشکل را به تیم فنی گزارش دادم و تا پایان امروز نتیجه را خبر می‌دهم.",
    "staff_behavior": "از برخوردی که تجربه کردید واقعاً متأسفیم. موضوع را به مدیر شعبه گزارش دادم و پیگیری می‌شود.",
    "praise": "از لطف و پیام گرمتان بسیار ممنونیم! خوشحالیم که راضی بودید.",
    "suggestion": "ممنون از پیشنهاد خوبتان؛ آن را به تیم محصول منتقل کردم.",
}
DEFAULT_REPLY = "سلام، ممنون از پیامتان. موضوع را بررسی می‌کنم و به‌زودی پاسخ می‌دهم."
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


def _backdate(conv: Conversation, start: dt.datetime) -> None:
    """Spread a conversation's messages over realistic times starting at `start`."""
    t = start
    for m in conv.messages.order_by("id"):
        Message.objects.filter(pk=m.pk).update(created_at=t)
        t += dt.timedelta(minutes=random.randint(5, 240))
    fields = {"created_at": start, "last_message_at": t, "updated_at": t}
    if conv.first_response_at:
        fields["first_response_at"] = start + dt.timedelta(minutes=random.randint(3, 600))
    if conv.resolved_at:
        fields["resolved_at"] = t
    if conv.closed_at:
        fields["closed_at"] = t
    if conv.last_inbound_at:
        fields["last_inbound_at"] = start
    Conversation.objects.filter(pk=conv.pk).update(**fields)


def load_demo(*, conversations: int = 320, customers: int = 60, seed: int = 1405) -> bool:
    """Load the demo once; returns False when the database already has conversations."""
    if Conversation.objects.exists():
        return False
    rnd = random.Random(seed)
    random.seed(seed)
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if len(r["text"]) > 12]
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
        CannedReply.objects.create(
            title="خوشامد",
            shortcut="salam",
            text="سلام {customer_name} عزیز، من {agent_name} هستم. چطور می‌توانم کمکتان کنم؟",
        )
        CannedReply.objects.create(
            title="پیگیری سفارش",
            shortcut="order",
            text="{customer_name} عزیز، درخواست شماره {conversation_number} را پیگیری کردم و نتیجه را خبر می‌دهم.",
        )
        CannedReply.objects.create(
            title="عذرخواهی بابت تأخیر",
            shortcut="sorry",
            text="از تأخیر پیش‌آمده صمیمانه عذر می‌خواهیم. {agent_name}، پشتیبانی همدل",
        )
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
        for n in range(conversations):
            row = rows[n % len(rows)]
            who = n % customers
            name, home_channel = people[who]
            channel = CORPUS_CHANNEL.get(row["channel"], home_channel) if n % 3 else home_channel
            kind, address = _identity(channel, who)
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
            status = rnd.choices(statuses, weights)[0]
            agent = rnd.choice(agents)
            if status != Status.NEW or rnd.random() < 0.3:
                services.conversation_assign(conversation=conv, assignee=agent, actor=lead)
                services.conversation_set_team(
                    conversation=conv, team=sales if agents.index(agent) < 2 else tech, actor=lead
                )
            if status != Status.NEW:
                services.reply(
                    conversation=conv, author=agent, text=REPLIES.get(row["intent"], DEFAULT_REPLY)
                )
                if rnd.random() < 0.4:
                    follow = rows[(n * 13 + 7) % len(rows)]
                    services.ingest(
                        InboundMessage(
                            channel=channel,
                            identity_kind=kind,
                            address=address,
                            external_id=f"demo-{n}-b",
                            text=follow["text"],
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
            _backdate(conv, now - dt.timedelta(days=days_ago, minutes=rnd.randint(0, 600)))
        Delivery.objects.update(status=DeliveryStatus.SENT, attempts=1, sent_at=now)
        inbound = list(Message.objects.filter(direction="in", kind="message").order_by("pk"))
        for start in range(0, len(inbound), 256):
            analyze_messages(inbound[start : start + 256])
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
        _demo_channels()
        _demo_feedback(rnd, rows, lead, now)
    del admin
    return True


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
