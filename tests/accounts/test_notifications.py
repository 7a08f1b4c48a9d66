"""The staff notification centre: who receives a notice, the unread badge, the page and the API."""

from __future__ import annotations

import pytest
from django.test import Client

from hamdel.accounts.models import Notification, Role, User
from hamdel.accounts.notifications import notification_read, notification_read_all, notification_send
from hamdel.accounts.services import user_create, user_update
from hamdel.core.errors import ApplicationError, NotFound
from hamdel.core.permissions import SYSTEM, Perm, RuleActor
from tests.conftest import ApiClient


def test_perm_reaches_every_active_user_whose_role_has_it(agent: User, lead: User, admin: User) -> None:
    # given a second admin who left the company
    gone = user_create(username="old-admin", password="s3cret-pass", role=Role.ADMIN)
    user_update(user=gone, actor=admin, is_active=False)
    # when Hamdel tells whoever manages webhooks
    sent = notification_send(actor=SYSTEM, perm=Perm.WEBHOOK_MANAGE, text="وب‌هوک CRM غیرفعال شد", link="/x/")
    # then only the active admin hears it
    assert sent == 1
    assert list(Notification.objects.values_list("user__username", "text", "link")) == [
        ("root", "وب‌هوک CRM غیرفعال شد", "/x/")
    ]


def test_users_and_perm_together_count_each_person_once(agent: User, lead: User, admin: User) -> None:
    sent = notification_send(
        actor=RuleActor(rule_id=1, name="لغو"),
        users=[agent, admin],
        perm=Perm.REPORTS_VIEW,
        text="مشتری VIP منتظر است",
    )
    assert sent == 3  # sara (named), nasrin (supervisor: reports), root (named and admin) once
    assert Notification.objects.filter(user=admin).count() == 1


def test_an_agent_may_point_a_colleague_at_something(agent: User, lead: User) -> None:
    assert notification_send(actor=agent, users=[lead], text="این گفتگو را ببین") == 1
    assert notification_send(actor=agent, users=[lead.pk, 999_999], text="با شناسه") == 1  # ids too
    with pytest.raises(ApplicationError) as refused:
        notification_send(actor=agent, users=["lead"], text="x")  # type: ignore[list-item]
    assert refused.value.code == "unknown_user"


def test_bad_request_names_every_field_and_stores_nothing(agent: User) -> None:
    with pytest.raises(ApplicationError) as refused:
        notification_send(actor=SYSTEM, text="  ", link="https://evil.example/")
    fields = {e["field"] for e in refused.value.extra["errors"]}
    assert fields == {"text", "link", "users"}
    for link in ("//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        with pytest.raises(ApplicationError) as refused:
            notification_send(actor=SYSTEM, users=[agent], text="x", link=link)
        assert refused.value.code == "invalid_link"
    assert not Notification.objects.exists()


def test_anonymous_cannot_send(db: None) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ApplicationError) as refused:
        notification_send(actor=AnonymousUser(), perm=Perm.CONVERSATION_VIEW, text="x")
    assert refused.value.status == 403


def test_read_is_ones_own_only(agent: User, lead: User) -> None:
    notification_send(actor=SYSTEM, users=[agent], text="برای سارا")
    mine = Notification.objects.get(user=agent)
    with pytest.raises(NotFound):
        notification_read(actor=lead, notification=mine.pk)
    first = notification_read(actor=agent, notification=mine).read_at
    assert first is not None
    assert notification_read(actor=agent, notification=mine.pk).read_at == first  # keeps the first time
    notification_send(actor=SYSTEM, users=[agent, lead], text="دو نفر")
    assert notification_read_all(actor=agent) == 1
    assert Notification.objects.filter(user=lead, read_at__isnull=True).count() == 1


def test_badge_on_the_top_bar_and_the_page(agent: User, agent_client: Client) -> None:
    # given no notice: the top bar links the centre without a number
    page = agent_client.get("/").content.decode()
    assert "/notifications/" in page and 'class="topbar-count"' not in page
    # when two notices arrive
    notification_send(actor=SYSTEM, users=[agent], text="اولی", link="/c/1/")
    notification_send(actor=SYSTEM, users=[agent], text="دومی")
    page = agent_client.get("/").content.decode()
    assert '<span class="topbar-count">۲<' in page
    # the page lists them newest first with Jalali times in Persian digits
    page = agent_client.get("/notifications/").content.decode()
    assert page.index("دومی") < page.index("اولی")
    assert "۱۴۰" in page  # a Jalali year, in Persian digits
    # "Open" marks read and follows the link
    first = Notification.objects.get(text="اولی")
    answer = agent_client.post(f"/notifications/{first.pk}/read/", {"open": "1"})
    assert answer.status_code == 302 and answer["Location"] == "/c/1/"
    page = agent_client.get("/").content.decode()
    assert '<span class="topbar-count">۱<' in page
    agent_client.post("/notifications/read-all/")
    assert 'class="topbar-count"' not in agent_client.get("/notifications/").content.decode()


def test_someone_elses_notice_cannot_be_opened(agent: User, lead: User, agent_client: Client) -> None:
    notification_send(actor=SYSTEM, users=[lead], text="برای نسرین", link="/settings/")
    theirs = Notification.objects.get()
    answer = agent_client.post(f"/notifications/{theirs.pk}/read/", {"open": "1"})
    assert answer["Location"] == "/notifications/"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api(agent: User, lead: User, api: ApiClient) -> None:
    notification_send(actor=SYSTEM, users=[agent], text="اولی")
    notification_send(actor=SYSTEM, users=[agent, lead], text="دومی", link="/c/1/")
    body = api.get("/notifications").json()
    assert body["unread"] == 2
    assert [n["text"] for n in body["items"]] == ["دومی", "اولی"]
    assert body["items"][0]["link"] == "/c/1/" and body["items"][0]["read_at"] is None
    answer = api.post(f"/notifications/{body['items'][1]['id']}/read")
    assert answer.status_code == 200 and answer.json()["read_at"] is not None
    theirs = Notification.objects.get(user=lead)
    refused = api.post(f"/notifications/{theirs.pk}/read")
    assert refused.status_code == 404 and refused.json()["code"] == "unknown_notification"
    assert api.post("/notifications/read-all").json() == {"marked": 1}
    assert api.get("/notifications").json()["unread"] == 0
