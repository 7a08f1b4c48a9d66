"""WebSocket for agents: the inbox and conversation pages hear about changes as they happen."""

from __future__ import annotations

from typing import Any

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from hamdel.core.live import remember_server_loop


class LiveConsumer(AsyncJsonWebsocketConsumer):
    groups: list[str] = []

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        remember_server_loop()
        self.joined = ["inbox"]
        conversation = self.scope["url_route"]["kwargs"].get("conversation_id")
        if conversation:
            self.joined.append(f"conversation-{conversation}")
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def conversation_changed(self, event: dict[str, Any]) -> None:
        await self.send_json({k: v for k, v in event.items() if k != "type"} | {"event": "changed"})
