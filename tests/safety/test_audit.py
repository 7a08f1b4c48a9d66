"""The audit log: every admin or supervisor change with who, from where, before and after; nobody can change
or delete an entry (no page, no admin, and the database itself refuses); customer text is never edited."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from hamdel.accounts.models import Role
from hamdel.accounts.services import user_create
from hamdel.conversations.models import EventType, Message
from hamdel.core.audit import audit, install_db_guard
from hamdel.core.models import AuditLog
from hamdel.feedback.services import survey_create


@pytest.fixture
def boss(db) -> Client:
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.force_login(
        user_create(username="boss", password="s3cret-pass", role=Role.ADMIN, display_name="مدیر")
    )
    return client


def test_a_role_change_is_logged_with_actor_ip_before_and_after(boss, agent):
    response = boss.post(
        f"/settings/users/{agent.pk}/",
        {"display_name": agent.display_name, "email": agent.email, "role": "supervisor", "is_active": "on"},
    )
    assert response.status_code in (200, 302)
    entry = AuditLog.objects.get(action="user_update")
    assert (entry.actor_name, entry.ip, entry.target) == ("مدیر", "203.0.113.7", agent.username)
    assert entry.before["role"] == "agent" and entry.after["role"] == "supervisor"


def test_surveys_and_their_changes_are_logged(lead):
    survey_create(name="رضایت", actor=lead, questions=[{"key": "csat", "type": "csat", "text": "راضی؟"}])
    entry = AuditLog.objects.get(action="survey.create")
    assert entry.actor == lead and entry.after["questions"] == {"csat": "راضی؟"}


def test_the_database_refuses_to_change_or_delete_an_entry(db):
    install_db_guard(connection)  # what migration core 0003 does outside the test suite
    entry = audit(actor=None, action="user_update", target="sara", before={"role": "agent"})
    for attempt in (
        lambda: AuditLog.objects.filter(pk=entry.pk).update(target="someone else"),
        lambda: AuditLog.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    assert AuditLog.objects.get(pk=entry.pk).target == "sara"
    audit(actor=None, action="settings.shield", target="shield")  # adding stays possible
    assert AuditLog.objects.count() == 2


def test_the_django_admin_cannot_change_or_delete_entries_nor_edit_message_text(boss, inbound):
    entry = audit(actor=None, action="inbox.create", target="پشتیبانی")
    page = boss.get(f"/admin/core/auditlog/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert boss.post(f"/admin/core/auditlog/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AuditLog.objects.filter(pk=entry.pk).exists()
    message = Message.objects.get(pk=inbound("سفارشم نرسید").message_id)
    boss.post(f"/admin/conversations/message/{message.pk}/change/", {"text": "متن دیگر"})
    assert Message.objects.get(pk=message.pk).text == "سفارشم نرسید"
    assert boss.post(f"/admin/conversations/message/{message.pk}/delete/", {"post": "yes"}).status_code == 403


def test_admins_read_and_filter_the_audit_page_and_others_cannot(boss, lead):
    audit(actor=lead, action="customer.erase", target="customer:7", reason="درخواست مشتری")
    audit(actor=lead, action="inbox.create", target="تلگرام")
    page = boss.get("/settings/audit/?action=customer").content.decode()
    assert "customer:7" in page and "تلگرام" not in page and "گزارش ممیزی" in page
    supervisor = Client()
    supervisor.force_login(lead)
    assert supervisor.get("/settings/audit/").status_code == 403


def test_a_redaction_hides_the_text_and_the_timeline_says_who_and_why(inbound, lead, agent_client):
    message = Message.objects.get(pk=inbound("شمارهٔ کارتم ۶۰۳۷۹۹۷۵۱۲۳۴۵۶۷۸ است").message_id)
    number = message.conversation.number
    url = f"/c/{number}/messages/{message.pk}/redact/"
    assert agent_client.post(url, {"reason": "شمارهٔ کارت"}).status_code == 403  # agents cannot
    client = Client()
    client.force_login(lead)
    assert client.post(url, {"reason": ""}).status_code == 302
    assert Message.objects.get(pk=message.pk).redacted_at is None  # a reason is required
    client.post(url, {"reason": "شمارهٔ کارت"})
    message.refresh_from_db()
    assert message.text == "" and message.redacted_at is not None
    event = message.conversation.events.get(type=EventType.MESSAGE_REDACTED)
    assert event.actor_user == lead and event.data["reason"] == "شمارهٔ کارت"
    page = client.get(f"/c/{number}/").content.decode()
    assert "۶۰۳۷۹۹" not in page and "متن یک پیام را پنهان کرد: شمارهٔ کارت" in page
    assert AuditLog.objects.get(action="message.redact").details["reason"] == "شمارهٔ کارت"
