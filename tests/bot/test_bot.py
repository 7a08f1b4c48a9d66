"""The bot as a customer and a lead see it: answers, candidates, hand-overs with reasons, stops, API shape."""

from __future__ import annotations

from typing import Any

import pytest

from hamdel.accounts.services import api_key_create
from hamdel.bot.models import BotAnswer, BotConversation, Outcome
from hamdel.bot.services import bot_answer, bot_inbox_set, bot_settle_answers
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Conversation, ConversationEvent, Direction, EventType, Message
from hamdel.conversations.services.replies import reply
from hamdel.core.permissions import SYSTEM
from hamdel.core.search import forget
from hamdel.insights.models import OutcomeFact
from hamdel.knowledge.models import Visibility
from hamdel.knowledge.services import article_create
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

ARTICLES = [
    (
        "پیگیری سفارش",
        ["سفارشم کجاست؟", "کد رهگیری مرسوله را از کجا ببینم؟"],
        "کد رهگیری را در بخش سفارش‌های من ببینید.",
    ),
    ("زمان بازگشت وجه", ["پولم کی برمی‌گردد؟"], "وجه سفارش لغوشده ظرف سه روز کاری به کارت برمی‌گردد."),
    ("هزینه ارسال", ["هزینه پست چقدر است؟"], "ارسال برای خریدهای بالای پانصد هزار تومان رایگان است."),
    ("ساعات کاری پشتیبانی", ["پشتیبانی چه ساعتی جواب می‌دهد؟"], "همه روزه از ۹ صبح تا ۹ شب پاسخ می‌دهیم."),
]


@pytest.fixture
def kb(lead: Any) -> dict[str, int]:
    forget()
    ids = {}
    for title, questions, body in ARTICLES:
        a = article_create(
            actor=lead, data={"title": title, "questions": questions, "body": body, "visibility": "public"}
        )
        ids[title] = a.pk
    secret = article_create(
        actor=lead,
        data={
            "title": "تخفیف ویژه همکاران",
            "questions": ["کد تخفیف همکاران چیست؟"],
            "body": "کد محرمانه XYZ",
            "visibility": Visibility.INTERNAL,
        },
    )
    ids["internal"] = secret.pk
    return ids


def test_a_paraphrased_question_gets_the_article(kb: dict[str, int]) -> None:
    # «بسته‌ام کجاست» shares no word with «سفارشم کجاست؟» but for «کجاست»; the bot still finds it
    result = bot_answer("سفارش من الان کجاست؟ کد رهگیری ندارم")
    assert result.article_id == kb["پیگیری سفارش"], result
    assert result.answer is not None and "سفارش‌های من" in result.answer
    assert result.handoff_reason is None
    assert 0 < result.confidence <= 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("لطفا منو به یک کارشناس وصل کنید", "customer_request"),
        ("می‌خوام با اپراتور حرف بزنم", "customer_request"),
        ("آب و هوای فردا در شیراز چطور است", "no_answer"),
        ("", "no_answer"),
        ("سفارشمو کنسل کنید", "unsupported_request"),
    ],
)
def test_handoff_reasons(kb: dict[str, int], text: str, reason: str) -> None:
    result = bot_answer(text)
    assert result.handoff_reason == reason, result
    assert result.answer is None and result.article_id is None


def test_an_upset_customer_is_handed_over(kb: dict[str, int]) -> None:
    result = bot_answer("خیلی افتضاحید، واقعا از دستتون عصبانی‌ام، دیگه هیچوقت خرید نمی‌کنم")
    assert result.handoff_reason == "upset_customer"


def test_internal_articles_are_never_answered(kb: dict[str, int]) -> None:
    result = bot_answer("کد تخفیف همکاران چیست؟")
    assert result.article_id != kb["internal"]
    assert all(c["id"] != kb["internal"] for c in result.candidates)
    assert "XYZ" not in str(result.answer)  # the internal article's secret never reaches a customer


def test_the_api_answers_with_the_exact_contract(kb: dict[str, int], agent: Any) -> None:
    client = ApiClient(api_key_create(name="bot", user=agent)[1])
    got = client.post("/bot/answer", {"text": "هزینه پست چقدر است؟", "channel": "telegram"})
    assert got.status_code == 200, got.content
    body = got.json()
    assert set(body) == {"answer", "article_id", "confidence", "candidates", "handoff_reason"}
    assert body["article_id"] == kb["هزینه ارسال"]
    handed = client.post("/bot/answer", {"text": "اپراتور"}).json()
    assert handed["handoff_reason"] == "customer_request" and handed["answer"] is None
    assert ApiClient("wrong-key").post("/bot/answer", {"text": "سلام"}).status_code == 401


@pytest.fixture
def chat(inbound: Any, events_run: Any) -> Any:
    """A visitor writes on the chat widget; the bot's turn runs as it does after the commit."""

    def write(text: str, inbox: Inbox | None = None) -> Conversation:
        meta = {"inbox": inbox.pk} if inbox else {}
        with events_run():
            result = inbound(text, channel="chat", identity_kind="chat", address="visitor-1", meta=meta)
        return Conversation.objects.get(pk=result.conversation_id)

    return write


def _bot_messages(conversation: Conversation) -> list[Message]:
    return list(
        Message.objects.filter(
            conversation=conversation, direction=Direction.OUTBOUND, author__isnull=True
        ).order_by("id")
    )


def test_on_the_chat_the_bot_answers_then_hands_over_after_two_failed_answers(
    kb: dict[str, int], chat: Any
) -> None:
    conversation = chat("هزینه پست چقدر است؟")
    sent = _bot_messages(conversation)
    assert len(sent) == 1 and "رایگان" in sent[0].text
    assert sent[0].meta["bot"]["article_id"] == kb["هزینه ارسال"]
    chat("پولم کی برمی‌گردد؟")  # did not confirm: first failed answer, the bot answers again
    chat("سفارشم کجاست؟")  # second failed answer: the bot hands over
    state = BotConversation.objects.get(conversation=conversation)
    assert state.stopped and state.stop_reason == "bot_failed"
    row = ConversationEvent.objects.get(conversation=conversation, type=EventType.BOT_HANDOFF)
    assert row.new["reason"] == "bot_failed"
    assert "دو پاسخ ربات کمکی نکرد" in row.new["summary"]
    assert list(BotAnswer.objects.filter(conversation=conversation).values_list("outcome", flat=True)) == [
        Outcome.FAILED,
        Outcome.FAILED,
    ]


def test_a_thank_you_counts_as_resolved_by_the_bot(kb: dict[str, int], chat: Any) -> None:
    conversation = chat("هزینه پست چقدر است؟")
    chat("ممنون، حل شد")
    answer = BotAnswer.objects.get(conversation=conversation)
    assert answer.outcome == Outcome.CONFIRMED
    assert len(_bot_messages(conversation)) == 1  # the thanks gets no second answer
    # the team lead sees it in the conversation's history, and the reports count it as deflected
    row = ConversationEvent.objects.get(conversation=conversation, type=EventType.BOT_DEFLECTED)
    assert row.new["how"] == "confirmed" and row.new["article_id"] == kb["هزینه ارسال"]
    assert "هزینه ارسال" in row.new["summary"]
    outcomes = OutcomeFact.objects.filter(conversation_id=conversation.pk)
    assert list(outcomes.values_list("kind", flat=True)) == ["bot_deflected"]


def test_no_return_within_72_hours_counts_as_resolved(kb: dict[str, int], chat: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    conversation = chat("هزینه پست چقدر است؟")
    assert bot_settle_answers() == 0
    assert bot_settle_answers(now=timezone.now() + dt.timedelta(hours=73)) == 1
    assert BotAnswer.objects.get(conversation=conversation).outcome == Outcome.NO_RETURN
    row = ConversationEvent.objects.get(conversation=conversation, type=EventType.BOT_DEFLECTED)
    assert row.new["how"] == "no_return"
    assert bot_settle_answers(now=timezone.now() + dt.timedelta(hours=100)) == 0  # counted once


def test_the_bot_stops_the_moment_a_human_replies(kb: dict[str, int], chat: Any, agent: Any) -> None:
    conversation = chat("سلام")
    before = len(_bot_messages(conversation))
    reply(conversation=conversation, author=agent, text="سلام، من مریم هستم، در خدمتم")
    chat("هزینه پست چقدر است؟")
    assert len(_bot_messages(conversation)) == before


def test_switched_off_in_an_inbox_the_bot_is_silent(kb: dict[str, int], chat: Any, admin: Any) -> None:
    inbox = Inbox.objects.create(name="گفتگوی سایت", kind="chat")
    bot_inbox_set(actor=admin, inbox_id=inbox.pk, enabled=False)
    conversation = chat("هزینه پست چقدر است؟", inbox=inbox)
    assert _bot_messages(conversation) == []
    bot_inbox_set(actor=SYSTEM, inbox_id=inbox.pk, enabled=True)
    chat("پولم کی برمی‌گردد؟", inbox=inbox)
    assert len(_bot_messages(conversation)) == 1


def test_asking_for_a_person_hands_over_with_a_persian_timeline_row(
    kb: dict[str, int], chat: Any, agent_client: Any
) -> None:
    conversation = chat("با یک کارشناس وصلم کنید لطفا")
    row = ConversationEvent.objects.get(conversation=conversation, type=EventType.BOT_HANDOFF)
    assert row.new["reason"] == "customer_request"
    page = agent_client.get(f"/c/{conversation.number}/").content.decode()
    assert "مشتری خواست با یک همکار صحبت کند" in page
