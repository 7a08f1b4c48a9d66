"""Public webhooks: verify the sender, keep the raw payload, queue the parse, answer at once."""

from __future__ import annotations

import hmac
import json

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hamdel.connectors import pipeline
from hamdel.connectors.models import Inbox, InboxKind
from hamdel.connectors.selectors import inbox_by_key
from hamdel.connectors.sms import service as sms_service
from hamdel.connectors.tasks import process_envelope

MAX_BODY = 1024 * 1024


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"ok": False, "message": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _accept(inbox: Inbox, request: HttpRequest, body: str) -> JsonResponse:
    envelope = pipeline.store(source=inbox.kind, payload=body, headers={"inbox": inbox.pk})
    process_envelope.enqueue(envelope.pk)
    return JsonResponse({"ok": True})


def _inbox(key: str, kind: str) -> Inbox | JsonResponse:
    try:
        return inbox_by_key(key=key, kind=kind)
    except Http404 as exc:
        return _error(str(exc), 404)


@csrf_exempt
@require_POST
def bot_webhook(request: HttpRequest, kind: str, key: str) -> JsonResponse:
    """Telegram and Bale: the secret token set with setWebhook must come back in its header."""
    inbox = _inbox(key, kind)
    if isinstance(inbox, JsonResponse):
        return inbox
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), inbox.webhook_secret.encode()):
        return _error(_("The webhook secret is wrong."), 403)
    if len(request.body) > MAX_BODY:
        return _error(_("The request is too large."), 413)
    try:
        json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error(_("The body is not valid JSON."), 400)
    return _accept(inbox, request, request.body.decode())


def _sms_inbox(request: HttpRequest, key: str) -> Inbox | JsonResponse:
    inbox = _inbox(key, InboxKind.SMS)
    if isinstance(inbox, JsonResponse):
        return inbox
    given = request.GET.get("secret", "") or request.headers.get("X-Hamdel-Secret", "")
    if not hmac.compare_digest(given.encode(), inbox.webhook_secret.encode()):
        return _error(_("The webhook secret is wrong."), 403)
    return inbox


def _fields(request: HttpRequest) -> dict[str, str]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            return {}
        return {k: str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    source = request.POST if request.method == "POST" else request.GET
    return {k: v for k, v in source.items() if k != "secret"}


@csrf_exempt
def sms_inbound(request: HttpRequest, key: str) -> JsonResponse:
    """A received SMS, forwarded by the gateway (from, to, message, messageid), by GET or POST."""
    inbox = _sms_inbox(request, key)
    if isinstance(inbox, JsonResponse):
        return inbox
    fields = _fields(request)
    if not fields.get("from") or not fields.get("message"):
        return _error(_("An SMS needs 'from' and 'message'."), 400)
    return _accept(inbox, request, json.dumps(fields, ensure_ascii=False))


@csrf_exempt
def sms_status(request: HttpRequest, key: str) -> JsonResponse:
    """A delivery report for a message we sent (messageid, status)."""
    inbox = _sms_inbox(request, key)
    if isinstance(inbox, JsonResponse):
        return inbox
    fields = _fields(request)
    if not fields.get("messageid") or not fields.get("status"):
        return _error(_("A delivery report needs 'messageid' and 'status'."), 400)
    found = sms_service.report_record(provider_id=fields["messageid"], status=fields["status"])
    return JsonResponse({"ok": True, "matched": found})
