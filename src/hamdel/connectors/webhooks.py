"""Public webhooks: check the sender (the channel's spec says how), keep the raw payload, queue the parse.

These endpoints are the channel's own authentication (a secret only the provider knows), so they need no
login; they answer at once and the parse runs as a task.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from hamdel.connectors import pipeline, registry
from hamdel.connectors.selectors import inbox_by_key
from hamdel.connectors.sms import service as sms_service
from hamdel.connectors.sms.spec import check_secret, fields
from hamdel.connectors.spec import WebhookRefused, status_code_name
from hamdel.connectors.tasks import process_envelope
from hamdel.conversations.models import EnvelopeStatus


def _error(message: str, status: int, code: str = "") -> JsonResponse:
    """A refusal the provider's logs can show: a Persian `message` and a stable `code`."""
    return JsonResponse(
        {"ok": False, "message": message, "code": code or status_code_name(status)},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


@csrf_exempt
def channel_webhook(request: HttpRequest, kind: str, key: str) -> JsonResponse:
    """/channels/hook/<kind>/<key>/ for any channel whose spec has a webhook (and the older bot/SMS URLs)."""
    spec = registry.spec_for(kind)
    if spec is None or spec.webhook is None:
        return _error(_("This channel does not exist or is switched off."), 404)
    try:
        inbox = inbox_by_key(key=key, kind=kind)
    except Http404 as exc:
        return _error(str(exc), 404)
    body = request.body  # read before the spec parses a form, which would consume the stream
    try:
        payload: str | bytes = spec.webhook(inbox, request)
    except WebhookRefused as exc:
        if exc.status == 400:  # the sender passed its check but the body is unreadable: keep it anyway
            kept = pipeline.keep_refused(
                source=inbox.kind, payload=body, headers={"inbox": inbox.pk}, error=exc.message
            )
            if kept.status == EnvelopeStatus.FAILED and kept.error.startswith("invalid UTF-8"):
                return _error(
                    _("The body is not valid UTF-8 text; it was kept as received."), 400, "invalid_utf8"
                )
        return _error(exc.message, exc.status, exc.code)
    except UnicodeDecodeError:
        payload = body  # kept exactly; the envelope says it is not UTF-8
    if len(body) > settings.HAMDEL_MAX_BODY_BYTES:  # a verified sender: keep it, then refuse it
        pipeline.keep_refused(
            source=inbox.kind, payload=payload, headers={"inbox": inbox.pk}, error="too large"
        )
        error = pipeline.too_large(len(body))
        return _error(error.message, 413, error.code)
    envelope = pipeline.store(source=inbox.kind, payload=payload, headers={"inbox": inbox.pk})
    if envelope.status == EnvelopeStatus.FAILED:
        return _error(_("The body is not valid UTF-8 text; it was kept as received."), 400, "invalid_utf8")
    process_envelope.enqueue(envelope.pk)
    return JsonResponse({"ok": True})


@csrf_exempt
def bot_webhook(request: HttpRequest, kind: str, key: str) -> JsonResponse:
    """Telegram and Bale: the URL set with setWebhook by `bot_connect`."""
    if kind not in ("telegram", "bale"):
        return _error(_("This channel does not exist or is switched off."), 404)
    return channel_webhook(request, kind, key)


@csrf_exempt
def sms_inbound(request: HttpRequest, key: str) -> JsonResponse:
    """A received SMS, forwarded by the gateway, by GET or POST."""
    return channel_webhook(request, "sms", key)


@csrf_exempt
def sms_status(request: HttpRequest, key: str) -> JsonResponse:
    """A delivery report for a message we sent (messageid, status)."""
    try:
        inbox = inbox_by_key(key=key, kind="sms")
        check_secret(inbox, request)
    except Http404 as exc:
        return _error(str(exc), 404)
    except WebhookRefused as exc:
        return _error(exc.message, exc.status, exc.code)
    data = fields(request)
    if not data.get("messageid") or not data.get("status"):
        return _error(_("A delivery report needs 'messageid' and 'status'."), 400, "required")
    found = sms_service.report_record(provider_id=data["messageid"], status=data["status"])
    return JsonResponse({"ok": True, "matched": found})
