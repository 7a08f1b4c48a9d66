"""Insights fixtures: a movable clock and a small conversation history whose figures were worked out by hand.

The history (Saturday 14 Azar 1405 in Tehran, business hours Sat–Wed 09:00–17:00):
  A  email, team «فروش»: customer 09:00, reply 09:30, resolved 10:30      → first response 30, resolution 90,
     one reply, never reopened (first-contact resolution)
  B  telegram: customer 10:00, reply 18:00 (after hours), open      → 480 calendar / 420 business minutes
  C  email: customer 11:00, replies 11:20 and 11:40, resolved 12:00       → first response 20, resolution 60,
     two replies (not first-contact)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from hamdel.accounts.models import Role, Team, User
from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation, ConversationEvent
from hamdel.conversations.services import conversation_set_status, conversation_set_team, reply
from hamdel.insights.rollups import rollups_flush

TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30))
# Saturday 14 Azar 1405, 09:00 in Tehran.
START = dt.datetime(2026, 12, 5, 9, 0, tzinfo=TEHRAN)


class Travel:
    """`travel.to(hour, minute)`: the clock every model default and action reads moves there (same day)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = START
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))
        monkeypatch.setattr(ConversationEvent._meta.get_field("at"), "_get_default", lambda: self.now)

    def to(self, hour: int, minute: int = 0, days: int = 0) -> dt.datetime:
        self.now = START.replace(hour=hour, minute=minute) + dt.timedelta(days=days)
        return self.now


@pytest.fixture
def travel(monkeypatch: pytest.MonkeyPatch) -> Travel:
    return Travel(monkeypatch)


@dataclass
class History:
    a: Conversation
    b: Conversation
    c: Conversation
    team: Team
    agent: User


@pytest.fixture
def history(
    travel: Travel, inbound: Callable[..., Any], agent: User, events_run: Callable[[], Any]
) -> History:
    team = Team.objects.create(name="فروش")
    team.members.add(agent)
    boss = user_create(username="boss-h", password="s3cret-pass", role=Role.ADMIN)

    def say(text: str, address: str, channel: str = "email", **kw: Any) -> Conversation:
        kind = {"email": "email", "telegram": "telegram"}[channel]
        with events_run():
            result = inbound(
                text, channel=channel, identity_kind=kind, address=address, sent_at=travel.now, **kw
            )
        return Conversation.objects.get(pk=result.conversation_id)

    def answer(conv: Conversation, text: str = "در حال پیگیری هستیم.") -> None:
        with events_run():
            reply(conversation=conv, author=agent, text=text)

    def resolve(conv: Conversation) -> None:
        with events_run():
            conversation_set_status(conversation=conv, status="resolved", actor=agent)

    a = say("سفارشم نرسیده", "a@example.ir")
    with events_run():
        conversation_set_team(conversation=a, team=team, actor=boss)
    travel.to(9, 30)
    answer(a)
    travel.to(10)
    b = say("سلام، قیمت این کالا چند است؟", "b-telegram", channel="telegram")
    travel.to(10, 30)
    resolve(a)
    travel.to(11)
    c = say("کد تخفیف کار نمی‌کند", "c@example.ir")
    travel.to(11, 20)
    answer(c)
    travel.to(11, 40)
    answer(c, "لطفا دوباره امتحان کنید.")
    travel.to(12)
    resolve(c)
    travel.to(18)
    answer(b)
    rollups_flush()
    return History(
        a=Conversation.objects.get(pk=a.pk),
        b=Conversation.objects.get(pk=b.pk),
        c=Conversation.objects.get(pk=c.pk),
        team=team,
        agent=agent,
    )


@pytest.fixture(autouse=True)
def _fresh_loyalty_snapshots() -> None:
    """The loyalty page asks the worker once a minute per period (a cache marker), and the cache outlives
    a test's database: start empty."""
    from django.core.cache import cache

    cache.clear()
