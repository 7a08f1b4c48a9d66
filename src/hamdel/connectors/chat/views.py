"""The chat frame the widget opens, and its HTTP fallback (history, send, attachments) for old networks."""

from __future__ import annotations

import base64
import uuid
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hamdel.connectors.chat.consumer import COOKIE, SALT, visitor_from_cookie
from hamdel.connectors.chat.limits import chat_over_limit
from hamdel.connectors.chat.service import agents_available, chat_history, chat_receive, message_json
from hamdel.connectors.selectors import inbox_by_key
from hamdel.core.errors import ApplicationError
from hamdel.core.persian import local_digits
from hamdel.core.ratelimit import client_address

MAX_FILES = 3


def _json_error(message: str, status: int, code: str) -> JsonResponse:
    """What the widget shows, and a stable `code` it can act on (e.g. open the chat again)."""
    return JsonResponse(
        {"message": message, "code": code}, status=status, json_dumps_params={"ensure_ascii": False}
    )


# The chat box is framed by the company's own site (widget.js): the policy stays, any ancestor may frame it.
EMBEDDABLE_CSP: dict[str, Any] = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}


@xframe_options_exempt
@csp_override(EMBEDDABLE_CSP)
def frame(request: HttpRequest, key: str) -> HttpResponse:
    """Public: the chat box itself; a signed cookie recognises the visitor on their next visit."""
    inbox = inbox_by_key(key=key, kind="chat")
    visitor = visitor_from_cookie(request.COOKIES.get(COOKIE)) or uuid.uuid4().hex
    history = [message_json(m) for m in chat_history(inbox=inbox, visitor=visitor)]
    response = render(
        request,
        "connectors/chat.html",
        {"inbox": inbox, "history": history, "available": agents_available(), "known": bool(history)},
    )
    secure = request.is_secure()
    response.set_cookie(
        COOKIE,
        signing.dumps(visitor, salt=SALT),
        max_age=60 * 60 * 24 * 365,
        httponly=True,
        secure=secure,
        samesite="None" if secure else "Lax",
    )
    return response


def history(request: HttpRequest, key: str) -> JsonResponse:
    """Public (the visitor's own chat only): messages after `after`, for the polling fallback."""
    inbox = inbox_by_key(key=key, kind="chat")
    visitor = visitor_from_cookie(request.COOKIES.get(COOKIE))
    if not visitor:
        return _json_error(_("Open the chat again to start a conversation."), 403, "no_visitor")
    try:
        after = int(request.GET.get("after", "0"))
    except ValueError:
        after = 0
    messages = [message_json(m) for m in chat_history(inbox=inbox, visitor=visitor, after=after)]
    return JsonResponse({"messages": messages, "available": agents_available()})


@csrf_exempt  # public; the signed visitor cookie says whose chat it is
@require_POST
def send(request: HttpRequest, key: str) -> JsonResponse:
    """Public: a message (and files) from the visitor, rate-limited per address."""
    inbox = inbox_by_key(key=key, kind="chat")
    visitor = visitor_from_cookie(request.COOKIES.get(COOKIE))
    if not visitor:
        return _json_error(_("Open the chat again to start a conversation."), 403, "no_visitor")
    if chat_over_limit(client_address(request)):
        return _json_error(_("Too many messages; please wait a little."), 429, "rate_limited")
    fields = ("client_id", "text", "name", "contact", "page")
    data: dict[str, Any] = {k: request.POST.get(k, "") for k in fields}
    # an oversized file still goes through the pipeline: its envelope is kept (failed) and the visitor is told
    uploads = request.FILES.getlist("file")[:MAX_FILES]
    data["files"] = [
        {"name": f.name, "type": f.content_type, "data": base64.b64encode(f.read()).decode()} for f in uploads
    ]
    if not data["text"].strip() and not data["files"]:
        return _json_error(_("Write a message or attach a file."), 400, "required")
    try:
        result = chat_receive(inbox=inbox, visitor=visitor, data=data)
    except ApplicationError as exc:
        if exc.code == "attachment_too_large":
            limit = settings.HAMDEL_MAX_ATTACHMENT_BYTES // (1024 * 1024)
            message = _("The file is too large: at most %(mb)s MB.") % {"mb": local_digits(limit)}
            return _json_error(message, 413, "too_large")
        return _json_error(_(exc.message), 400 if exc.status >= 500 else exc.status, exc.code or "invalid")
    from hamdel.conversations.models import Message

    return JsonResponse({"message": message_json(Message.objects.get(pk=result.message_id))}, status=201)


def snippet(base_url: str, key: str) -> str:
    return f'<script src="{base_url}/static/connectors/widget.js" data-inbox="{key}" async></script>'
