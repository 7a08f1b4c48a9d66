"""Per-customer export and erasure: from the CLI and the customer page (admins only), in one transaction,
recorded in the audit log, leaving the counts and nothing that says who the customer was."""

from __future__ import annotations

import json

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from hamdel import cli
from hamdel.accounts.models import Role
from hamdel.accounts.services import user_create
from hamdel.conversations.models import (
    Attachment,
    Conversation,
    EnvelopeStatus,
    EventType,
    InboundEnvelope,
    Message,
)
from hamdel.conversations.services import envelope_mark, envelope_store
from hamdel.conversations.types import InboundAttachment
from hamdel.core.models import AuditLog
from hamdel.customers.models import ChannelIdentity, Customer
from hamdel.customers.services import customer_note_add
from hamdel.feedback.models import FeedbackItem, Response
from hamdel.feedback.services import response_save, survey_create
from tests.connectors.fakes import PNG


@pytest.fixture
def sara(inbound, agent, django_capture_on_commit_callbacks) -> Customer:
    """A customer with two conversations, a file, a note and a survey answer with a comment."""
    with django_capture_on_commit_callbacks(execute=True):
        first = inbound(
            "کارت من ۶۰۳۷۹۹۷۵۱۲۳۴۵۶۷۸ است، سفارش ۴۵۶۷ نرسید", address="sara@example.ir", customer_name="سارا"
        )
        inbound(
            "عکس بسته",
            address="sara@example.ir",
            customer_name="سارا",
            external_id="m2",
            thread_key="t2",
            attachments=(InboundAttachment(name="box.png", content_type="image/png", data=PNG),),
        )
    customer = Conversation.objects.get(pk=first.conversation_id).customer
    raw = envelope_store(channel="email", payload="From: sara@example.ir\n\nکارت من ...")
    envelope_mark(envelope=raw, status=EnvelopeStatus.INGESTED, message_id=first.message_id)
    customer_note_add(customer=customer, author=agent, text="مشتری ویژه؛ شماره ۰۹۱۲۱۲۳۴۵۶۷")
    survey = survey_create(
        name="رضایت",
        actor=None,
        questions=[
            {"key": "csat", "type": "csat", "text": "راضی بودید؟"},
            {"key": "why", "type": "text", "text": "چرا؟", "required": False},
        ],
    )
    response_save(
        survey=survey, answers={"csat": 2, "why": "پیک بی‌ادب بود"}, complete=True, customer=customer
    )
    return customer


@pytest.fixture
def admin_client(db) -> Client:
    client = Client()
    client.force_login(user_create(username="boss", password="s3cret-pass", role=Role.ADMIN))
    return client


def test_export_holds_everything_about_the_customer_and_is_audited(sara, admin_client):
    response = admin_client.get(f"/customers/{sara.pk}/export/")
    assert response.status_code == 200 and response["Content-Disposition"].endswith(
        f'customer-{sara.pk}.json"'
    )
    data = json.loads(response.content)
    assert data["customer"]["name"] == "سارا"
    assert [i["address"] for i in data["identities"]] == ["sara@example.ir"]
    texts = [m["text"] for c in data["conversations"] for m in c["messages"]]
    assert any("سفارش ۴۵۶۷" in t for t in texts)
    assert data["conversations"][1]["messages"][0]["attachments"] == ["box.png"]
    assert data["notes"][0]["text"].startswith("مشتری ویژه")
    assert data["survey_responses"][0]["answers"]["why"] == "پیک بی‌ادب بود"
    entry = AuditLog.objects.get(action="customer.export")
    assert (
        entry.actor.username == "boss" and entry.target == f"customer:{sara.pk}" and entry.ip == "127.0.0.1"
    )


def test_erase_from_the_customer_page_asks_first_then_erases_and_keeps_the_counts(
    sara, admin_client, django_capture_on_commit_callbacks
):
    files = list(Attachment.objects.values_list("file", flat=True))
    # the customer page offers it to an admin, and the first step only asks
    assert "/erase/" in admin_client.get(f"/customers/{sara.pk}/").content.decode()
    confirm = admin_client.get(f"/customers/{sara.pk}/erase/")
    assert confirm.status_code == 200 and "برای همیشه" in confirm.content.decode()
    unticked = admin_client.post(f"/customers/{sara.pk}/erase/", {"reason": "درخواست مشتری"})
    assert unticked.status_code == 400 and Customer.objects.get(pk=sara.pk).erased_at is None
    # when the admin gives a reason and confirms
    with django_capture_on_commit_callbacks(execute=True):  # the files go once the erasure is committed
        done = admin_client.post(f"/customers/{sara.pk}/erase/", {"reason": "درخواست مشتری", "confirm": "1"})
    assert done.status_code == 302
    # then nothing says who it was: no name, no address, no text, no file, no raw payload
    sara.refresh_from_db()
    assert sara.name == "" and sara.erased_at is not None
    assert not ChannelIdentity.objects.filter(customer=sara).exists() and not sara.notes.exists()
    messages = Message.objects.filter(conversation__customer=sara)
    assert messages.count() == 2 and set(messages.values_list("text", flat=True)) == {""}
    assert not Attachment.objects.exists() and not any(default_storage.exists(f) for f in files)
    assert set(InboundEnvelope.objects.values_list("payload", flat=True)) == {""}
    assert not FeedbackItem.objects.exclude(text="").exists()
    response = Response.objects.get()
    assert response.customer is None and response.answers == {"csat": 2}  # the score still counts
    # and the conversations stay, each history saying the data was erased
    assert Conversation.objects.filter(customer=sara).count() == 2
    assert all(c.events.filter(type=EventType.CUSTOMER_ERASED).exists() for c in Conversation.objects.all())
    entry = AuditLog.objects.get(action="customer.erase")
    assert entry.details["reason"] == "درخواست مشتری" and entry.after["messages"] == 2
    assert "سارا" not in json.dumps(entry.after, ensure_ascii=False)
    # a second erasure is refused
    again = admin_client.post(f"/customers/{sara.pk}/erase/", {"reason": "دوباره", "confirm": "1"})
    assert again.status_code == 409


@pytest.mark.parametrize("role", [Role.AGENT, Role.SUPERVISOR])
def test_only_admins_export_or_erase(sara, role):
    client = Client()
    client.force_login(user_create(username=f"u-{role}", password="s3cret-pass", role=role))
    assert "/erase/" not in client.get(f"/customers/{sara.pk}/").content.decode()
    assert client.get(f"/customers/{sara.pk}/export/").status_code == 403
    refused = client.post(f"/customers/{sara.pk}/erase/", {"reason": "x", "confirm": "1"})
    assert refused.status_code == 403
    assert Customer.objects.get(pk=sara.pk).name == "سارا" and not AuditLog.objects.filter(
        action="customer.erase"
    )


def test_erasure_is_one_transaction(sara, monkeypatch):
    from hamdel.customers import privacy

    def broken(customer: Customer, actor: object) -> dict[str, int]:
        raise RuntimeError("disk full")

    monkeypatch.setattr(privacy, "_erase_hooks", [*privacy._erase_hooks, broken])
    with pytest.raises(RuntimeError):
        privacy.customer_erase(actor=None, customer=sara, reason="آزمایش")
    assert Customer.objects.get(pk=sara.pk).name == "سارا"
    assert Message.objects.exclude(text="").count() == 2 and ChannelIdentity.objects.count() == 1


def test_the_cli_exports_and_erases(sara, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(cli, "_manage", lambda *args: None)
    out = tmp_path / "sara.json"
    assert cli.main(["customer", "export", str(sara.pk), "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["customer"]["name"] == "سارا"
    assert cli.main(["customer", "erase", str(sara.pk), "--reason", "درخواست کتبی", "--yes"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["conversations"] == 2
    assert Customer.objects.get(pk=sara.pk).erased_at is not None
    assert AuditLog.objects.get(action="customer.erase").actor is None  # the operator's shell
    assert cli.main(["customer", "erase", "999999", "--reason", "x", "--yes"]) == 1
