"""The one pipeline: customers, threading, idempotency, reopening."""

import pytest
from django.core.exceptions import ObjectDoesNotExist

from hamdel.conversations import services
from hamdel.conversations.models import Conversation, Message, Status
from hamdel.conversations.types import InboundAttachment, InboundMessage
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import ChannelIdentity, Customer


def test_first_message_creates_customer_and_conversation(inbound):
    # when a new customer writes
    result = inbound("سلام، سفارش ۴۸۲۹۱۷ هنوز نرسیده", subject="پیگیری سفارش")
    # then a customer with that identity and a new conversation exist
    conv = Conversation.objects.get(pk=result.conversation_id)
    assert result.created
    assert conv.customer.name == "علی رضایی"
    assert conv.customer.emails == ["ali@example.ir"]
    assert conv.status == Status.NEW
    assert conv.subject == "پیگیری سفارش"
    assert conv.number == 1
    assert conv.preview.startswith("سلام")


def test_same_message_twice_is_stored_once(inbound):
    first = inbound("پیام تکراری", external_id="<dup@x>")
    again = inbound("پیام تکراری", external_id="<dup@x>")
    assert again.created is False
    assert (again.message_id, again.conversation_id) == (first.message_id, first.conversation_id)
    assert Message.objects.filter(external_id="<dup@x>").count() == 1


def test_thread_key_keeps_messages_together(inbound):
    a = inbound("اول", thread_key="t-1")
    b = inbound("دوم", thread_key="t-1")
    c = inbound("موضوع دیگر", thread_key="t-2")
    assert a.conversation_id == b.conversation_id != c.conversation_id
    assert Conversation.objects.get(pk=a.conversation_id).message_count == 2


def test_without_thread_key_the_open_conversation_of_the_customer_continues(inbound):
    a = inbound("اول", channel="sms", identity_kind="phone", address="09121234567")
    b = inbound("دوم", channel="sms", identity_kind="phone", address="+989121234567")
    assert a.conversation_id == b.conversation_id
    assert ChannelIdentity.objects.get(kind="phone").address == "+989121234567"


def test_resolved_conversation_reopens_when_customer_writes(inbound, agent):
    first = inbound("مشکل دارم", thread_key="t")
    conv = Conversation.objects.get(pk=first.conversation_id)
    services.conversation_set_status(conversation=conv, status=Status.RESOLVED, actor=agent)
    again = inbound("هنوز حل نشده!", thread_key="t")
    conv.refresh_from_db()
    assert again.conversation_id == conv.pk
    assert conv.status == Status.OPEN
    assert conv.reopen_count == 1
    assert conv.resolved_at is None
    assert conv.events.get(type="reopened").actor_kind == "customer"


def test_closed_conversation_is_not_reopened(inbound, agent):
    first = inbound("سوال", thread_key="t")
    conv = Conversation.objects.get(pk=first.conversation_id)
    services.conversation_set_status(conversation=conv, status=Status.CLOSED, actor=agent)
    again = inbound("سوال تازه", thread_key="t")
    assert again.conversation_id != conv.pk


def test_customer_answer_moves_pending_back_to_open(inbound, agent):
    first = inbound("سوال", thread_key="t")
    conv = Conversation.objects.get(pk=first.conversation_id)
    services.reply(conversation=conv, author=agent, text="پاسخ", status=Status.PENDING)
    inbound("ممنون ولی یک سوال دیگر", thread_key="t")
    conv.refresh_from_db()
    assert conv.status == Status.OPEN


def test_empty_message_is_refused(inbound):
    with pytest.raises(ApplicationError):
        inbound("   ")
    assert not Customer.objects.exists()


def test_attachment_type_and_size_are_checked(db, settings):
    settings.HAMDEL_MAX_ATTACHMENT_BYTES = 10
    message = InboundMessage(
        channel="email",
        identity_kind="email",
        address="a@b.ir",
        text="عکس",
        external_id="1",
        attachments=(InboundAttachment("big.png", "image/png", b"x" * 11),),
    )
    with pytest.raises(ApplicationError) as too_large:
        services.ingest(message)
    assert too_large.value.extra == {"attachment": "big.png", "max_bytes": 10}
    bad = InboundMessage(
        channel="email",
        identity_kind="email",
        address="a@b.ir",
        text="فایل",
        external_id="2",
        attachments=(InboundAttachment("run.exe", "application/x-msdownload", b"MZ"),),
    )
    with pytest.raises(ApplicationError) as refused:
        services.ingest(bad)
    assert refused.value.extra == {"attachment": "run.exe", "type": "application/x-msdownload"}
    assert not Message.objects.exists()


def test_attachment_is_stored(db):
    message = InboundMessage(
        channel="email",
        identity_kind="email",
        address="a@b.ir",
        text="فاکتور",
        external_id="3",
        attachments=(InboundAttachment("factor.pdf", "application/pdf", b"%PDF-1.4 test"),),
    )
    result = services.ingest(message)
    attachment = Message.objects.get(pk=result.message_id).attachments.get()
    assert (attachment.name, attachment.size, attachment.content_type) == (
        "factor.pdf",
        13,
        "application/pdf",
    )
    assert attachment.file.read() == b"%PDF-1.4 test"


def test_inbound_html_is_sanitised(db):
    message = InboundMessage(
        channel="email",
        identity_kind="email",
        address="a@b.ir",
        text="سلام",
        external_id="4",
        html='<p onclick="steal()">سلام<script>alert(1)</script></p>',
    )
    stored = Message.objects.get(pk=services.ingest(message).message_id)
    assert stored.html == "<p>سلام</p>"


def test_conversation_numbers_increase(inbound):
    numbers = [inbound("x", thread_key=f"k{i}").conversation_id for i in range(3)]
    assert sorted(Conversation.objects.filter(pk__in=numbers).values_list("number", flat=True)) == [1, 2, 3]
    with pytest.raises(ObjectDoesNotExist):
        Conversation.objects.get(number=4)
