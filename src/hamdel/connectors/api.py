"""The generic inbound channel: any system can post a customer's message."""

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, UploadedFile
from pydantic import Field

from hamdel.connectors import group, selectors, services
from hamdel.connectors.generic.parser import InboundIn
from hamdel.connectors.models import Inbox
from hamdel.connectors.pipeline import BATCH_MAX, keep_refused, receive, receive_batch, too_large
from hamdel.core.api_types import DbId, inline_schema
from hamdel.core.errors import ApplicationError

router = Router(tags=["inbound"])


class InboundOut(Schema):
    message_id: int
    conversation_id: int
    conversation_number: int
    created: bool


@router.post(
    "/inbound",
    response={200: InboundOut, 201: InboundOut},
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": inline_schema(InboundIn)}}}},
    summary="Receive a customer message from any channel",
)
def inbound(request: HttpRequest) -> tuple[int, InboundOut]:
    """201 when stored, 200 with the same ids when this (channel, external_id) was already stored.

    The raw body is kept as an envelope before it is parsed, so a bad payload is never lost.
    """
    headers = _kept_headers(request)
    if len(request.body) > settings.HAMDEL_MAX_BODY_BYTES:
        keep_refused(source="api", payload=request.body, headers=headers, error="too large")
        raise too_large(len(request.body))
    if group.enabled():  # concurrent calls share one transaction (connectors/group.py)
        result = group.receive_grouped(source="api", payload=request.body, headers=headers)
    else:
        result = receive(source="api", payload=request.body, headers=headers)
    return (201 if result.created else 200), InboundOut(**result.__dict__)


def _kept_headers(request: HttpRequest) -> dict[str, str]:
    """The envelope keeps the request's headers, never its credentials."""
    return {
        k: v for k, v in request.headers.items() if k.lower() not in {"authorization", "cookie", "x-api-key"}
    }


class BatchIn(Schema):
    messages: list[InboundIn] = Field(..., max_length=BATCH_MAX)


class BatchItemOut(Schema):
    status: int = Field(..., description="what the single call answers: 201 stored, 200 already stored, 4xx")
    message_id: int | None = None
    conversation_id: int | None = None
    conversation_number: int | None = None
    created: bool | None = None
    message: str | None = Field(None, description="on 4xx: the single call's error message")
    code: str | None = None
    extra: dict[str, Any] | None = None


class BatchOut(Schema):
    results: list[BatchItemOut]
    created: int
    duplicates: int
    failed: int


@router.post(
    "/inbound/batch",
    response={200: BatchOut},
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": inline_schema(BatchIn)}}}},
    summary=f"Receive up to {BATCH_MAX} customer messages in one request",
)
def inbound_batch(request: HttpRequest) -> tuple[int, BatchOut]:
    """`{"messages": [...]}` (or a bare list), each item shaped like POST /inbound. The answer lists one
    result per item, in order, with the status, ids and errors the single call would give; every item is
    kept as an envelope before parsing, and all are ingested in one transaction."""
    if len(request.body) > settings.HAMDEL_MAX_BODY_BYTES:
        keep_refused(source="api", payload=request.body, headers=_kept_headers(request), error="too large")
        raise too_large(len(request.body))
    try:
        data = json.loads(request.body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        receive(source="api", payload=request.body, headers=_kept_headers(request))  # kept, then refused
        raise ApplicationError(_("The body is not valid JSON."), status=400) from exc
    items = data.get("messages") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ApplicationError(
            _('Send a list of messages as "messages".'), {"messages": "required"}, status=422, code="required"
        )
    results = receive_batch(source="api", items=items, headers=_kept_headers(request))
    out = [BatchItemOut(status=r.status, **r.body) for r in results]
    return 200, BatchOut(
        results=out,
        created=sum(r.status == 201 for r in results),
        duplicates=sum(r.status == 200 for r in results),
        failed=sum(r.status >= 400 for r in results),
    )


class CallIn(Schema):
    caller: str = Field(..., min_length=3, max_length=40, description="the caller's number, e.g. 09121234567")
    name: str = Field("", max_length=200)
    call_id: str = Field("", max_length=120, description="the phone system's id; makes retries idempotent")
    direction: str = Field("in", pattern="^(in|out)$")
    missed: bool = False
    ivr_path: list[str] = Field(default_factory=list, description="menu choices, e.g. ['1', '3']")
    queue_wait_seconds: int | None = Field(None, ge=0, le=1_000_000)
    duration_seconds: int | None = Field(None, ge=0, le=1_000_000)
    recording_url: str = Field("", max_length=1000)
    transcript: str = Field("", max_length=100_000)
    agent_notes: str = Field("", max_length=10_000)
    started_at: dt.datetime | None = None


class MentionIn(Schema):
    platform: str = Field(..., min_length=2, max_length=30, description="instagram, x, telegram-channel, …")
    author: str = Field(..., min_length=1, max_length=200, description="the author's handle")
    url: str = Field("", max_length=1000, description="link to the original post")
    text: str = Field(..., min_length=1, max_length=20_000)
    time: dt.datetime | None = None


class ImportOut(Schema):
    ingested: int
    duplicates: int
    refused: list[dict]


@router.post(
    "/calls", response={200: InboundOut, 201: InboundOut}, summary="Log a phone call (IVR, missed calls)"
)
def calls(request: HttpRequest, payload: CallIn) -> tuple[int, InboundOut]:
    """A missed call is tagged for a call back; the transcript is analysed like any message."""
    from hamdel.connectors.services import call_log

    data = payload.model_dump()
    if not data["call_id"]:
        data.pop("call_id")
    result = call_log(data=data, actor=request.user)
    return (201 if result.created else 200), InboundOut(**result.__dict__)


@router.post(
    "/mentions", response={200: InboundOut, 201: InboundOut}, summary="Record a social-media mention"
)
def mentions(request: HttpRequest, payload: MentionIn) -> tuple[int, InboundOut]:
    from hamdel.connectors.services import mention_record

    result = mention_record(data=payload.model_dump(mode="json"), actor=request.user)
    return (201 if result.created else 200), InboundOut(**result.__dict__)


@router.post("/mentions/import", response=ImportOut, summary="Import mentions from CSV")
def mentions_import(request: HttpRequest, file: UploadedFile = File(...)) -> ImportOut:  # noqa: B008
    """Columns: platform, author, url, text, time (ISO 8601 with a time zone). UTF-8."""
    from hamdel.connectors.services import mentions_import_csv

    summary = mentions_import_csv(content=file.read(5 * 1024 * 1024), actor=request.user)
    return ImportOut(ingested=summary.ingested, duplicates=summary.duplicates, refused=summary.refused)


# --- channel set-up (admins only; every change is an action in services) ----------------------------------


class InboxOut(Schema):
    id: int
    kind: str
    name: str
    is_active: bool
    key: str = Field(..., description="names the inbox in its public URLs")
    settings: dict[str, Any] = Field(..., description="the channel's settings; secrets shown as ••••abcd")


class InboxIn(Schema):
    kind: str = Field(..., description="a channel name from GET /inboxes/kinds, e.g. email, telegram, sms")
    name: str = Field(..., min_length=1, max_length=120)
    is_active: bool = True
    settings: dict[str, Any] = Field(default_factory=dict, description="the channel's settings by name")


class InboxPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=120)
    is_active: bool | None = None
    settings: dict[str, Any] = Field(
        default_factory=dict, description="only the settings to change; an empty secret keeps the saved one"
    )


class KindOut(Schema):
    name: str
    label: str
    log_only: bool
    settings: list[str]
    secret_settings: list[str]


class SecretOut(Schema):
    webhook_secret: str = Field(..., description="shown once: paste it into the provider's settings now")


def _out(inbox: Inbox) -> InboxOut:
    return InboxOut(
        id=inbox.pk,
        kind=inbox.kind,
        name=inbox.name,
        is_active=inbox.is_active,
        key=inbox.key,
        settings=selectors.inbox_settings_shown(inbox),
    )


@router.get("/inboxes/kinds", response=list[KindOut], tags=["channels"], summary="Channels an inbox can be")
def inbox_kinds(request: HttpRequest) -> list[KindOut]:
    from hamdel.connectors.registry import inbox_specs

    return [
        KindOut(
            name=s.name,
            label=str(s.label),
            log_only=s.log_only,
            settings=list(s.settings),
            secret_settings=list(s.secret_fields),
        )
        for s in inbox_specs()
    ]


@router.get("/inboxes", response=list[InboxOut], tags=["channels"], summary="List channel inboxes (admins)")
def inboxes(request: HttpRequest) -> list[InboxOut]:
    return [_out(i) for i in selectors.inbox_list_for(actor=request.user)]


@router.post("/inboxes", response={201: InboxOut}, tags=["channels"], summary="Set up a channel (admins)")
def inbox_create(request: HttpRequest, payload: InboxIn) -> tuple[int, InboxOut]:
    data = {**payload.settings, "name": payload.name, "is_active": payload.is_active}
    return 201, _out(services.inbox_create(actor=request.user, kind=payload.kind, data=data))


@router.get("/inboxes/{inbox_id}", response=InboxOut, tags=["channels"], summary="One inbox (admins)")
def inbox_get(request: HttpRequest, inbox_id: DbId) -> InboxOut:
    return _out(selectors.inbox_get_for(actor=request.user, pk=inbox_id))


@router.patch("/inboxes/{inbox_id}", response=InboxOut, tags=["channels"], summary="Change an inbox (admins)")
def inbox_update(request: HttpRequest, inbox_id: DbId, payload: InboxPatch) -> InboxOut:
    data = dict(payload.settings)
    if payload.name is not None:
        data["name"] = payload.name
    if payload.is_active is not None:
        data["is_active"] = payload.is_active
    inbox = services.inbox_update(actor=request.user, inbox=inbox_id, data=data)
    return _out(inbox)


@router.delete("/inboxes/{inbox_id}", response={204: None}, tags=["channels"], summary="Remove an inbox")
def inbox_delete(request: HttpRequest, inbox_id: DbId) -> tuple[int, None]:
    """Admins only; the channel's conversations and messages stay."""
    services.inbox_delete(actor=request.user, inbox=inbox_id)
    return 204, None


@router.post(
    "/inboxes/{inbox_id}/webhook-secret",
    response=SecretOut,
    tags=["channels"],
    summary="Make a new webhook secret (admins); the old one stops working",
)
def inbox_rotate_secret(request: HttpRequest, inbox_id: DbId) -> SecretOut:
    secret = services.inbox_rotate_webhook_secret(actor=request.user, inbox=inbox_id)
    return SecretOut(webhook_secret=secret)
