"""WebSocket for agents: live changes, and who else is looking at or answering a conversation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from hamdel.core.live import remember_server_loop
from hamdel.core.permissions import Perm, can

# Channels whose customers watch the conversation live (the web chat) register here, from their own
# apps.py, a function: conversation id -> the customer's socket group ('' when not theirs). Agent typing
# is forwarded there, so the visitor sees «the agent is typing…» without conversations knowing channels.
_visitor_groups: list[Callable[[int], str]] = []


def register_visitor_group(finder: Callable[[int], str]) -> None:
    if finder not in _visitor_groups:
        _visitor_groups.append(finder)


def _visitor_group(conversation_id: int) -> str:
    for finder in _visitor_groups:
        group = finder(conversation_id)
        if group:
            return group
    return ""


class LiveConsumer(AsyncJsonWebsocketConsumer):
    """Joins the inbox group, and the conversation's group on a conversation page.

    Presence is announced peer to peer through the group (join → others answer "here"; leave; typing),
    so no process keeps a list of viewers: it works the same with one process or many behind Redis.
    """

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        if not can(user, Perm.CONVERSATION_VIEW):  # the same table as the pages: no role, no live feed
            await self.close(code=4403)
            return
        remember_server_loop()
        self.user_id = user.pk
        self.user_name = user.name
        self.conversation_group = ""
        self.joined = ["inbox"]
        self.visitor_group = ""
        conversation = self.scope["url_route"]["kwargs"].get("conversation_id")
        if conversation:
            self.conversation_group = f"conversation-{conversation}"
            self.joined.append(self.conversation_group)
            self.visitor_group = await database_sync_to_async(_visitor_group)(conversation)
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        await self._presence("join")

    async def disconnect(self, code: int) -> None:
        if getattr(self, "conversation_group", ""):
            await self._presence("leave")
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        if content.get("typing") is not None:
            await self._presence("typing" if content["typing"] else "here")
            if content["typing"] and self.visitor_group:
                # a web-chat visitor sees "the agent is typing…" in the widget
                await self.channel_layer.group_send(
                    self.visitor_group, {"type": "chat.typing", "who": "agent"}
                )

    async def _presence(self, state: str) -> None:
        if self.conversation_group:
            await self.channel_layer.group_send(
                self.conversation_group,
                {"type": "presence", "user_id": self.user_id, "name": self.user_name, "state": state},
            )

    async def presence(self, event: dict[str, Any]) -> None:
        if event["user_id"] == self.user_id:
            return
        if event["state"] == "join":
            await self._presence("here")  # tell the newcomer that we are here too
        await self.send_json(
            {"event": "presence", "name": event["name"], "user_id": event["user_id"], "state": event["state"]}
        )

    async def conversation_changed(self, event: dict[str, Any]) -> None:
        await self.send_json({k: v for k, v in event.items() if k != "type"} | {"event": "changed"})
