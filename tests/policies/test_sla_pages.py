"""What agents and admins see: the inbox SLA column (sortable), the conversation panel, the settings page."""

from __future__ import annotations

import re

from django.test import Client

from hamdel.conversations import services as conv
from hamdel.conversations.models import Conversation
from hamdel.policies.sla import services, tasks
from hamdel.policies.sla.models import SlaPolicy


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _conversation(inbound, events_run, **kwargs) -> Conversation:
    with events_run():
        return Conversation.objects.get(pk=inbound(**kwargs).conversation_id)


def test_the_inbox_shows_time_left_and_sorts_the_nearest_breach_first(
    admin, agent, inbound, events_run, travel
):
    # given a 60-minute policy for urgent conversations and a 600-minute one for the rest
    services.sla_policy_create(
        actor=admin,
        data={"name": "فوری", "priorities": ["urgent"], "first_response_minutes": 60, "basis": "calendar"},
    )
    services.sla_policy_create(
        actor=admin, data={"name": "عادی", "first_response_minutes": 600, "basis": "calendar"}
    )
    _conversation(inbound, events_run, address="a@example.ir", customer_name="آرام")
    travel(minutes=5)
    urgent = _conversation(inbound, events_run, address="b@example.ir", customer_name="فوری‌خواه")
    with events_run():
        conv.conversation_set_priority(conversation=urgent, priority="urgent", actor=agent)
    travel(minutes=50)
    _conversation(inbound, events_run, address="a@example.ir", text="سلام دوباره")  # the latest activity
    travel(minutes=20)  # the urgent one is now 10 minutes overdue
    with events_run():
        tasks.check_clocks.call()
    # when the agent opens the inbox sorted by SLA
    page = _client(agent).get("/?view=open&sort=sla").content.decode()
    # then the overdue conversation comes first, in red words, and the other shows its time left
    assert page.index("فوری‌خواه") < page.index("آرام")
    assert re.search(r'sla-breached"[^>]*>.*?۱۰ دقیقه گذشته', page, re.S)
    assert re.search(r'sla-ok"[^>]*>.*?۸ ساعت و ۴۵ دقیقه مانده', page, re.S)
    # while by default the latest activity comes first
    latest = _client(agent).get("/?view=open").content.decode()
    assert latest.index("آرام") < latest.index("فوری‌خواه")


def test_the_warning_colour_shows_close_to_the_target(admin, agent, inbound, events_run, travel):
    services.sla_policy_create(
        actor=admin, data={"name": "یک ساعته", "first_response_minutes": 60, "basis": "calendar"}
    )
    conversation = _conversation(inbound, events_run)
    travel(minutes=50)
    with events_run():
        tasks.check_clocks.call()
    page = _client(agent).get("/").content.decode()
    assert re.search(r'sla-warning"[^>]*>.*?۱۰ دقیقه مانده', page, re.S)
    panel = _client(agent).get(f"/c/{conversation.number}/").content.decode()
    assert re.search(r'<dd class="sla-warning">\s*<strong>نزدیک به موعد</strong>', panel)


def test_the_conversation_panel_shows_each_target(admin, agent, inbound, events_run, travel):
    services.sla_policy_create(
        actor=admin,
        data={
            "name": "پشتیبانی",
            "first_response_minutes": 30,
            "next_response_minutes": 60,
            "resolution_minutes": 480,
            "basis": "calendar",
        },
    )
    conversation = _conversation(inbound, events_run)
    with events_run():
        conv.reply(conversation=conversation, author=agent, text="سلام")
    page = _client(agent).get(f"/c/{conversation.number}/").content.decode()
    panel = page[page.index("sla-panel") :]
    assert "پشتیبانی" in panel
    assert "به‌موقع انجام شد" in panel  # first response met
    assert "در جریان نیست" in panel  # nobody waits for a next response
    assert "۱۴ آذر ۱۴۰۵، ۱۷:۰۰" in panel  # resolution due: 09:00 + 8 h, Tehran time, Jalali


def test_no_panel_without_a_policy(agent, inbound, events_run):
    conversation = _conversation(inbound, events_run)
    page = _client(agent).get(f"/c/{conversation.number}/").content.decode()
    assert "sla-panel" not in page


def test_admin_adds_moves_and_edits_policies_on_the_settings_page(admin):
    client = _client(admin)
    page = client.get("/policies/sla/")
    assert page.status_code == 200 and "سیاست‌های SLA" in page.content.decode()
    for name, minutes in (("عادی", "240"), ("فوری", "30")):
        added = client.post(
            "/policies/sla/",
            {
                "name": name,
                "enabled": "on",
                "first_response_minutes": minutes,
                "basis": "business",
                "pause_statuses": ["pending"],
                "warning_percent": "80",
            },
        )
        assert added.status_code == 302, added.content.decode()[:2000]
    urgent = SlaPolicy.objects.get(name="فوری")
    assert client.post(f"/policies/sla/{urgent.pk}/move/", {"direction": "up"}).status_code == 302
    assert list(SlaPolicy.objects.values_list("name", flat=True)) == ["فوری", "عادی"]
    edited = client.post(
        f"/policies/sla/{urgent.pk}/",
        {
            "name": "فوری",
            "enabled": "on",
            "priorities": ["urgent"],
            "first_response_minutes": "20",
            "basis": "business",
            "warning_percent": "80",
        },
    )
    assert edited.status_code == 302
    urgent.refresh_from_db()
    assert urgent.first_response_minutes == 20 and urgent.priorities == ["urgent"]


def test_a_refused_form_names_the_field_and_saves_nothing(admin):
    response = _client(admin).post(
        "/policies/sla/",
        {"name": "بد", "first_response_minutes": "-3", "basis": "business", "warning_percent": "80"},
    )
    assert response.status_code == 400
    assert "دقیقه‌ای بین ۱ و ۵۲۵۶۰۰ وارد کنید." in response.content.decode()
    assert not SlaPolicy.objects.exists()


def test_an_agent_cannot_open_the_sla_settings(agent):
    assert _client(agent).get("/policies/sla/").status_code == 403
