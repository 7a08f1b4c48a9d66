"""SMS providers behind one interface; the concrete one speaks the JSON API style of Iranian gateways.

`KavenegarStyleProvider` posts form fields to `{base}/v1/{api_key}/sms/send.json` and reads
`{"return": {"status": 200, "message": "…"}, "entries": [{"messageid": …, "status": …}]}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from hamdel.connectors import http
from hamdel.connectors.models import Inbox

PUBLIC_BASE = "https://api.kavenegar.com"
# Gateway report codes: delivered, or final failures (anything else is still on its way).
DELIVERED = {"10"}
FAILED = {
    "6": "failed",
    "11": "undeliverable",
    "13": "cancelled",
    "14": "blocked by the recipient",
    "100": "unknown id",
}


@dataclass(frozen=True)
class SmsSent:
    ok: bool
    provider_id: str = ""
    error: str = ""
    retryable: bool = True


class SmsProvider(Protocol):
    def send(self, *, to: str, text: str, local_id: str) -> SmsSent: ...


class KavenegarStyleProvider:
    def __init__(self, inbox: Inbox) -> None:
        self.base = (inbox.api_base or PUBLIC_BASE).rstrip("/")
        self.api_key = inbox.sms_api_key
        self.sender = inbox.sms_sender

    def send(self, *, to: str, text: str, local_id: str) -> SmsSent:
        url = f"{self.base}/v1/{self.api_key}/sms/send.json"
        try:
            answer = http.post_form(
                url, {"receptor": to, "sender": self.sender, "message": text, "localid": local_id}
            )
        except OSError as exc:
            return SmsSent(ok=False, error=f"SMS gateway unreachable: {exc}")
        data = answer.json() or {}
        ret = data.get("return") or {}
        status = int(ret.get("status") or answer.status)
        if status != 200:
            # 4xx: the request is wrong (key, number, credit); retrying will not help. 5xx: try again.
            return SmsSent(
                ok=False,
                error=f"SMS gateway {status}: {ret.get('message', '')}".strip(),
                retryable=status >= 500,
            )
        entries = data.get("entries") or [{}]
        return SmsSent(ok=True, provider_id=str(entries[0].get("messageid", "")))


def provider_for(inbox: Inbox) -> SmsProvider:
    return KavenegarStyleProvider(inbox)
