"""The visitor's WebSocket: messages in, agent replies and typing out."""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core import signing
from django.utils.translation import gettext as _

from hamdel.connectors.chat.limits import chat_over_limit
from hamdel.connectors.chat.parse import group_for, thread_key
from hamdel.connectors.chat.service import chat_receive, message_json
from hamdel.connectors.models import Inbox
from hamdel.conversations.models import Message
from hamdel.core.errors import ApplicationError
from hamdel.core.live import broadcast, remember_server_loop

COOKIE = "hamdel_visitor"
SALT = "hamdel.chat.visitor"


def visitor_from_cookie(value: str | None) -> str:
    try:
        return str(signing.loads(value or "", salt=SALT, max_age=60 * 60 * 24 * 365))
    except signing.BadSignature:
        return ""


class ChatConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        key = self.scope["url_route"]["kwargs"]["key"]
        self.visitor = visitor_from_cookie(self.scope.get("cookies", {}).get(COOKIE))
        self.inbox = await database_sync_to_async(
            lambda: Inbox.objects.filter(key=key, kind="chat", is_active=True).first()
        )()
        if self.inbox is None or not self.visitor:
            await self.close(code=4404)
            return
        remember_server_loop()
        self.group = group_for(thread_key(self.inbox.pk, self.visitor))
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        if content.get("type") == "typing":
            conversation_id = await database_sync_to_async(self._conversation_id)()
            if conversation_id:
                event = {
                    "type": "conversation.changed",
                    "conversation_id": conversation_id,
                    "typing": "visitor",
                }
                await database_sync_to_async(broadcast)(f"conversation-{conversation_id}", event)
            return
        if content.get("type") != "message":
            return
        address = (self.scope.get("client") or ("", 0))[0]
        if await sync_to_async(chat_over_limit)(address):
            error = {"type": "error", "code": "rate_limited", "client_id": content.get("client_id")}
            await self.send_json({**error, "message": _("Too many messages; please wait a little.")})
            return
        try:
            result = await database_sync_to_async(chat_receive)(
                inbox=self.inbox, visitor=self.visitor, data=content
            )
        except ApplicationError as exc:
            await self.send_json(
                {"type": "error", "message": exc.message, "client_id": content.get("client_id")}
            )
            return
        message = await database_sync_to_async(
            lambda: message_json(Message.objects.get(pk=result.message_id))
        )()
        await self.send_json({"type": "message", "message": message, "client_id": content.get("client_id")})

    def _conversation_id(self) -> int | None:
        return (
            Message.objects.filter(conversation__thread_key=thread_key(self.inbox.pk, self.visitor))
            .order_by("-pk")
            .values_list("conversation_id", flat=True)
            .first()
        )

    async def chat_message(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "message", "message": event["message"]})

    async def chat_typing(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "typing", "who": event.get("who", "")})
