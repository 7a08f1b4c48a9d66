"""Team leads keep the shared canned replies and tags in settings; agents use them but cannot change them."""

from django.test import Client

from hamdel.conversations.models import CannedReply, Tag
from hamdel.core.models import AuditLog


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_lead_adds_edits_and_deletes_a_canned_reply(lead):
    client = _client(lead)
    page = client.get("/settings/canned-replies/")
    assert page.status_code == 200
    assert "پاسخ‌های آماده" in page.content.decode()
    added = client.post(
        "/settings/canned-replies/", {"title": "پیگیری", "shortcut": "track", "text": "سلام {customer_name}"}
    )
    assert added.status_code == 302
    canned = CannedReply.objects.get(shortcut="track")
    edited = client.post(
        f"/settings/canned-replies/{canned.pk}/",
        {"title": "پیگیری سفارش", "shortcut": "track", "text": "سلام"},
    )
    assert edited.status_code == 302
    canned.refresh_from_db()
    assert canned.title == "پیگیری سفارش"
    assert client.post(f"/settings/canned-replies/{canned.pk}/", {"delete": "1"}).status_code == 302
    assert not CannedReply.objects.exists()
    assert list(
        AuditLog.objects.filter(action__startswith="canned").order_by("id").values_list("action", flat=True)
    ) == [
        "canned_reply.create",
        "canned_reply.update",
        "canned_reply.delete",
    ]


def test_a_clashing_shortcut_is_shown_beside_the_field_and_nothing_changes(lead):
    CannedReply.objects.create(title="الف", shortcut="hi", text="سلام")
    response = _client(lead).post("/settings/canned-replies/", {"title": "ب", "shortcut": "hi", "text": "x"})
    assert response.status_code == 400
    assert "پاسخ آماده‌ای با این میان‌بر هست." in response.content.decode()
    assert CannedReply.objects.count() == 1


def test_agents_keep_only_their_own_canned_replies_and_cannot_open_tags(agent):
    client = _client(agent)
    page = client.get("/settings/canned-replies/").content.decode()
    assert 'value="personal"' in page and 'value="shared"' not in page  # no shared scope on offer
    shared = {"title": "ب", "shortcut": "hi", "text": "x", "scope": "shared"}
    assert client.post("/settings/canned-replies/", shared).status_code == 400
    assert not CannedReply.objects.exists()
    assert client.post("/settings/canned-replies/", {**shared, "scope": ""}).status_code == 302
    assert CannedReply.objects.get().owner == agent
    assert client.post("/settings/tags/", {"name": "تازه", "color": "#aa0000"}).status_code == 403
    assert not Tag.objects.exists()


def test_lead_renames_a_tag_everywhere_and_the_menu_shows_the_sections(lead, inbound, agent):
    from hamdel.conversations import services
    from hamdel.conversations.models import Conversation

    client = _client(lead)
    assert client.post("/settings/tags/", {"name": "مالی", "color": "#aa0000"}).status_code == 302
    conv = Conversation.objects.get(pk=inbound().conversation_id)
    services.conversation_set_tags(conversation=conv, names=["مالی"], actor=agent)
    tag = Tag.objects.get(name="مالی")
    assert (
        client.post(f"/settings/tags/{tag.pk}/", {"name": "حسابداری", "color": "#00aa00"}).status_code == 302
    )
    assert [t.name for t in conv.tags.all()] == ["حسابداری"]
    page = client.get("/settings/tags/").content.decode()
    assert 'href="/settings/canned-replies/"' in page and 'aria-current="page">برچسب‌ها' in page
