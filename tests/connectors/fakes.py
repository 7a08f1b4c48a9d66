"""Local HTTP servers speaking the providers' documented wire formats (Bot API, SMS gateway)."""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeServer:
    """Records every request; answers from `self.answer(path, fields)`; runs in a thread on loopback."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, Any], bytes]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                status, body, ctype = outer.get(self.path)
                self._reply(status, body, ctype)

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                ctype = self.headers.get("Content-Type", "")
                if ctype.startswith("application/json"):
                    fields = json.loads(raw)
                elif ctype.startswith("application/x-www-form-urlencoded"):
                    fields = dict(urllib.parse.parse_qsl(raw.decode()))
                else:
                    fields = {"_multipart": ctype}
                outer.requests.append((self.path, fields, raw))
                status, answer = outer.answer(self.path, fields)
                self._reply(status, json.dumps(answer, ensure_ascii=False).encode())

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, path: str, fields: dict[str, Any]) -> tuple[int, Any]:
        return 404, {}

    def get(self, path: str) -> tuple[int, bytes, str]:
        return 404, b"", "text/plain"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class FakeBotApi(FakeServer):
    """getMe, setWebhook, getFile, sendMessage, sendPhoto, sendDocument as in core.telegram.org/bots/api."""

    token = "123456:TEST-token"

    def __init__(self) -> None:
        super().__init__()
        self.next_message_id = 500
        self.fail_with: tuple[int, str] | None = None

    def answer(self, path: str, fields: dict[str, Any]) -> tuple[int, Any]:
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = path[len(prefix) :]
        if self.fail_with and method.startswith("send"):
            code, description = self.fail_with
            return code, {"ok": False, "error_code": code, "description": description}
        if method == "getMe":
            return 200, {
                "ok": True,
                "result": {"id": 1, "is_bot": True, "first_name": "همدل", "username": "hamdel_bot"},
            }
        if method == "setWebhook":
            return 200, {"ok": True, "result": True, "description": "Webhook was set"}
        if method == "getFile":
            return 200, {
                "ok": True,
                "result": {"file_id": fields["file_id"], "file_path": f"photos/{fields['file_id']}.jpg"},
            }
        if method in ("sendMessage", "sendPhoto", "sendDocument"):
            self.next_message_id += 1
            return 200, {
                "ok": True,
                "result": {"message_id": self.next_message_id, "chat": {"id": fields.get("chat_id")}},
            }
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def get(self, path: str) -> tuple[int, bytes, str]:
        if path.startswith(f"/file/bot{self.token}/photos/"):
            return 200, PNG, "image/jpeg"
        return 404, b"", "text/plain"

    def sent(self, method: str) -> list[dict[str, Any]]:
        return [f for p, f, _raw in self.requests if p.endswith("/" + method)]


class FakeSmsGateway(FakeServer):
    """POST /v1/{key}/sms/send.json → {"return": {"status", "message"}, "entries": [{"messageid", …}]}."""

    api_key = "SMS-KEY"

    def __init__(self) -> None:
        super().__init__()
        self.status = 200
        self.next_id = 88000

    def answer(self, path: str, fields: dict[str, Any]) -> tuple[int, Any]:
        if path != f"/v1/{self.api_key}/sms/send.json":
            return 401, {"return": {"status": 401, "message": "کلید معتبر نیست"}, "entries": None}
        if self.status != 200:
            return self.status, {
                "return": {"status": self.status, "message": "اعتبار کافی نیست"},
                "entries": None,
            }
        self.next_id += 1
        entry = {
            "messageid": self.next_id,
            "message": fields["message"],
            "status": 1,
            "statustext": "در صف ارسال",
            "sender": fields["sender"],
            "receptor": fields["receptor"],
            "date": 1795420800,
            "cost": 120,
        }
        return 200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [entry]}
