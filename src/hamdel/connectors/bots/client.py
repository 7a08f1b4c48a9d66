"""The Bot API as Telegram documents it; Bale speaks the same API under its own address."""

from __future__ import annotations

from typing import Any

from hamdel.connectors import http
from hamdel.connectors.models import Inbox

PUBLIC_BASE = {"telegram": "https://api.telegram.org", "bale": "https://tapi.bale.ai"}


class BotError(Exception):
    def __init__(self, description: str, code: int = 0) -> None:
        super().__init__(description)
        self.description, self.code = description, code

    @property
    def retryable(self) -> bool:
        return self.code in (0, 429) or self.code >= 500


class BotClient:
    def __init__(self, inbox: Inbox) -> None:
        self.base = (inbox.api_base or PUBLIC_BASE.get(inbox.kind, PUBLIC_BASE["telegram"])).rstrip("/")
        self.token = inbox.bot_token

    def _result(self, answer: http.HttpAnswer) -> Any:
        data = answer.json()
        if not isinstance(data, dict):
            raise BotError(f"HTTP {answer.status}: not a Bot API answer", answer.status)
        if not data.get("ok"):
            raise BotError(
                str(data.get("description") or f"HTTP {answer.status}"), int(data.get("error_code") or 0)
            )
        return data.get("result")

    def call(self, method: str, **params: Any) -> Any:
        try:
            return self._result(http.post_json(f"{self.base}/bot{self.token}/{method}", params))
        except OSError as exc:
            raise BotError(str(exc)) from exc

    def upload(
        self, method: str, field: str, name: str, content_type: str, data: bytes, **params: Any
    ) -> Any:
        fields = {k: str(v) for k, v in params.items()}
        try:
            answer = http.post_multipart(
                f"{self.base}/bot{self.token}/{method}", fields, field, name, content_type, data
            )
        except OSError as exc:
            raise BotError(str(exc)) from exc
        return self._result(answer)

    def download(self, file_id: str) -> tuple[bytes, str]:
        """getFile, then fetch the bytes; returns (data, file_path)."""
        info = self.call("getFile", file_id=file_id)
        path = info.get("file_path", "")
        try:
            answer = http.request(f"{self.base}/file/bot{self.token}/{path}", method="GET")
        except OSError as exc:
            raise BotError(str(exc)) from exc
        if answer.status != 200:
            raise BotError(f"HTTP {answer.status} for the file", answer.status)
        return answer.body, path
