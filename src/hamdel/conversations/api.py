"""Conversations, messages, tags and canned replies through the API. Thin: parse, call a service, answer."""

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hamdel.accounts.http import SignedInRequest
from hamdel.conversations import selectors, services
from hamdel.conversations.models import CannedReply, Conversation, ConversationEvent, Message, Tag
from hamdel.core.api_types import DbId, IdFilter, OptionalDbId, Pages
from hamdel.core.slots import api_field, api_queryset, composer_findings
from hamdel.language.abuse import mask

router = Router(tags=["conversations"])


class CustomerRef(Schema):
    id: int
    name: str


class ConversationOut(Schema):
    id: int
    number: int
    subject: str
    channel: str
    status: str
    priority: str
    customer: CustomerRef
    assignee_id: int | None
    team_id: int | None
    tags: list[str]
    message_count: int
    preview: str
    created_at: dt.datetime
    last_message_at: dt.datetime
    first_response_at: dt.datetime | None
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None
    reopen_count: int
    sentiment: str
    emotion: str
    is_urgent: bool
    is_abusive: bool
    churn_risk: bool
    # Filled by another app through core.slots.api_field_register("conversation", "sla", …); null without it.
    sla: dict[str, Any] | None = None

    @staticmethod
    def resolve_sla(obj: Conversation) -> dict[str, Any] | None:
        value: dict[str, Any] | None = api_field("conversation", "sla", obj)
        return value

    @staticmethod
    def resolve_customer(obj: Conversation) -> CustomerRef:
        return CustomerRef(id=obj.customer_id, name=obj.customer.name)

    @staticmethod
    def resolve_tags(obj: Conversation) -> list[str]:
        return [t.name for t in obj.tags.all()]


class MessageOut(Schema):
    id: int
    direction: str
    kind: str
    author_id: int | None
    text: str
    channel: str
    external_id: str
    meta: dict
    created_at: dt.datetime
    delivery_status: str | None = None
    delivery_error: str | None = None
    analysis: dict | None = None
    masked_text: str = Field(
        "", description="the text with insults and threats replaced by «***» (equal to text when clean)"
    )

    @staticmethod
    def resolve_masked_text(obj: Message) -> str:
        if obj.direction != "in":
            return obj.text
        analysis = getattr(obj, "analysis", None)
        if analysis is not None and analysis.masked_text:
            return str(analysis.masked_text)
        return mask(obj.text)  # not analysed yet: the same lexicon the analysis uses

    @staticmethod
    def resolve_analysis(obj: Message) -> dict | None:
        analysis = getattr(obj, "analysis", None) if obj.direction == "in" else None
        if analysis is None:
            return None
        return {
            f: getattr(analysis, f)
            for f in (
                "masked_text",
                "sentiment",
                "polarity",
                "mixed",
                "emotion",
                "intent",
                "urgency",
                "abusive",
                "churn_risk",
                "language",
                "model_version",
                "corrected",
            )
        }

    @staticmethod
    def resolve_delivery_status(obj: Message) -> str | None:
        delivery = getattr(obj, "delivery", None)
        return delivery.status if delivery else None

    @staticmethod
    def resolve_delivery_error(obj: Message) -> str | None:
        delivery = getattr(obj, "delivery", None)
        return delivery.last_error if delivery else None


class ListQuery(Schema):
    view: str = Field("all", description="open, mine, unassigned, urgent or all")
    status: list[str] = []
    assignee: IdFilter = Field("", description="a user id, or 'none' for unassigned")
    team: IdFilter = ""
    channel: list[str] = []
    priority: list[str] = []
    tag: str = ""
    signal: str = Field("", description="urgent, abusive, churn_risk or negative")
    customer: IdFilter = ""
    q: str = Field("", description="Persian-aware search over subjects, messages and customers")


class ConversationPatch(Schema):
    status: str | None = None
    priority: str | None = None
    assignee_id: OptionalDbId | None = Field(None, description="0 to unassign")
    team_id: OptionalDbId | None = Field(None, description="0 to remove the team")
    round_robin: bool = False
    tags: list[str] | None = None


class TextIn(Schema):
    text: str = Field(..., min_length=1, max_length=200_000)
    status: str | None = Field(None, description="optionally set the status in the same step")


class BulkIn(Schema):
    ids: list[DbId] = Field(..., min_length=1, max_length=500)
    action: str = Field(..., description="assign, close, resolve or tag")
    value: str = ""


class TagIn(Schema):
    name: str = Field(..., min_length=1, max_length=60)
    color: str = Field("#64748b", pattern=r"^#[0-9a-fA-F]{6}$")


class TagOut(Schema):
    id: int
    name: str
    color: str


class CannedIn(Schema):
    title: str = Field(..., min_length=1, max_length=120)
    shortcut: str = Field(..., min_length=1, max_length=40)
    text: str = Field(..., min_length=1, max_length=10000)
    team_id: DbId | None = Field(None, description="only this team's members see it; null: everyone")
    personal: bool = Field(False, description="the author's own reply, seen only by them")


class CannedPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=120)
    shortcut: str | None = Field(None, min_length=1, max_length=40)
    text: str | None = Field(None, min_length=1, max_length=10000)
    team_id: DbId | None = None
    personal: bool | None = None


class CannedOut(Schema):
    id: int
    title: str
    shortcut: str
    text: str
    scope: str = Field(..., description="shared, team or personal")
    team_id: int | None
    owner_id: int | None


class CannedQuery(Schema):
    q: str = Field("", description="words of the title, shortcut or text (the first 200 characters count)")
    limit: int | None = Field(None, ge=1, le=1000, description="at most this many (the picker asks for 20)")


class CannedPreviewOut(Schema):
    text: str
    missing: list[str] = Field(..., description="variables without a value, dropped or given their fallback")
    findings: list[dict[str, Any]] = Field(
        ..., description="what the draft checks (the reply coach, vague promises…) say about the filled text"
    )


@router.get("/conversations", response=list[ConversationOut])
@paginate(Pages, page_size=50)
def list_conversations(request: SignedInRequest, filters: Query[ListQuery]) -> object:
    qs = selectors.conversation_list(user=request.user, filters=selectors.InboxFilters(**filters.dict()))
    return api_queryset("conversation", qs)


@router.post("/conversations/bulk")
def bulk(request: HttpRequest, body: BulkIn) -> dict[str, int]:
    """All selected conversations change, or none does (an unknown id refuses the whole request)."""
    done = services.conversations_bulk(ids=body.ids, action=body.action, actor=request.user, value=body.value)
    return {"updated": done}


@router.get("/conversations/{conversation_id}", response=ConversationOut)
def get_conversation(request: HttpRequest, conversation_id: DbId) -> Conversation:
    return selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)


@router.patch("/conversations/{conversation_id}", response=ConversationOut)
def patch_conversation(request: HttpRequest, conversation_id: DbId, body: ConversationPatch) -> Conversation:
    """Every field is checked before anything changes: one bad field and nothing is applied."""
    conv = selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)
    changes = services.ConversationChanges(**body.dict())
    services.conversation_update(conversation=conv, actor=request.user, changes=changes)
    return Conversation.objects.select_related("customer").get(pk=conv.pk)


class ActorOut(Schema):
    kind: str
    id: int | None
    name: str


class EventOut(Schema):
    id: int
    type: str
    actor: ActorOut
    old: Any = None
    new: Any = None
    data: dict[str, Any]
    at: dt.datetime

    @staticmethod
    def resolve_actor(obj: ConversationEvent) -> ActorOut:
        ident = {"user": obj.actor_user_id, "customer": obj.actor_customer_id, "rule": obj.actor_rule_id}
        return ActorOut(kind=obj.actor_kind, id=ident.get(obj.actor_kind), name=obj.actor_name)


@router.get("/conversations/{conversation_id}/events", response=list[EventOut])
def list_events(request: HttpRequest, conversation_id: DbId) -> object:
    """The history of every change, oldest first: what changed, from what, to what, by whom, when."""
    conv = selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)
    return selectors.conversation_events(conversation=conv)


@router.get("/conversations/{conversation_id}/messages", response=list[MessageOut])
@paginate(Pages, page_size=100)
def list_messages(request: HttpRequest, conversation_id: DbId) -> object:
    conv = selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)
    return selectors.timeline(conversation=conv)


@router.post("/conversations/{conversation_id}/reply", response={201: MessageOut})
def post_reply(request: SignedInRequest, conversation_id: DbId, body: TextIn) -> tuple[int, Message]:
    conv = selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)
    message = services.reply(conversation=conv, author=request.user, text=body.text, status=body.status)
    return 201, Message.objects.select_related("delivery").get(pk=message.pk)


@router.post("/conversations/{conversation_id}/notes", response={201: MessageOut})
def post_note(request: SignedInRequest, conversation_id: DbId, body: TextIn) -> tuple[int, Message]:
    conv = selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)
    return 201, services.note_add(conversation=conv, author=request.user, text=body.text)


class DraftIn(Schema):
    draft: str = Field(..., max_length=200_000)


class FindingOut(Schema):
    code: str
    message: str
    start: int
    end: int
    suggestion: str
    decision_url: str = ""


class FindingsOut(Schema):
    findings: list[FindingOut]


@router.post("/conversations/{conversation_id}/draft-check", response=FindingsOut)
def draft_check(request: HttpRequest, conversation_id: DbId, body: DraftIn) -> dict[str, Any]:
    """Remarks on a draft reply (a vague promise…) from every app's check; advice, never a block."""
    conv = selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)
    return {"findings": [asdict(f) for f in composer_findings(body.draft, conv)]}


@router.get("/tags", response=list[TagOut], tags=["tags"])
def list_tags(request: HttpRequest) -> object:
    return Tag.objects.all()


@router.post("/tags", response={201: TagOut}, tags=["tags"])
def create_tag(request: HttpRequest, body: TagIn) -> tuple[int, Tag]:
    return 201, services.tag_create(name=body.name, color=body.color, actor=request.user)


@router.get("/canned-replies", response=list[CannedOut], tags=["canned replies"])
def list_canned(request: HttpRequest, query: Query[CannedQuery]) -> object:
    """The replies this person may insert (shared, their teams', their own), searched with `q`."""
    return selectors.canned_usable(user=request.user, q=query.q[:200])[: query.limit]


@router.get("/canned", response=list[CannedOut], tags=["canned replies"], summary="Search canned replies")
def search_canned(request: HttpRequest, query: Query[CannedQuery]) -> object:
    """The same list as /canned-replies, under the short name the composer's picker uses."""
    return selectors.canned_usable(user=request.user, q=query.q[:200])[: query.limit]


@router.post("/canned-replies", response={201: CannedOut}, tags=["canned replies"])
def create_canned(request: HttpRequest, body: CannedIn) -> tuple[int, CannedReply]:
    return 201, services.canned_reply_create(actor=request.user, **body.dict())


@router.get("/canned-replies/{canned_id}", response=CannedOut, tags=["canned replies"])
def get_canned(request: HttpRequest, canned_id: DbId) -> CannedReply:
    return selectors.canned_get(user=request.user, pk=canned_id, manage=True)


@router.patch("/canned-replies/{canned_id}", response=CannedOut, tags=["canned replies"])
def patch_canned(request: HttpRequest, canned_id: DbId, body: CannedPatch) -> CannedReply:
    canned = selectors.canned_get(user=request.user, pk=canned_id, manage=True)
    return services.canned_reply_update(canned=canned, actor=request.user, **body.dict(exclude_unset=True))


@router.delete("/canned-replies/{canned_id}", response={204: None}, tags=["canned replies"])
def delete_canned(request: HttpRequest, canned_id: DbId) -> tuple[int, None]:
    canned = selectors.canned_get(user=request.user, pk=canned_id, manage=True)
    services.canned_reply_delete(canned=canned, actor=request.user)
    return 204, None


@router.get("/canned-replies/{canned_id}/preview", response=CannedPreviewOut, tags=["canned replies"])
def preview_canned(request: SignedInRequest, canned_id: DbId, conversation_id: DbId) -> object:
    """The text as this conversation's customer would get it, and which variables had no value."""
    conv = selectors.conversation_by_id(conversation_id=conversation_id, user=request.user)
    canned = selectors.canned_get(user=request.user, pk=canned_id, manage=True)
    filled = services.render_canned_preview(text=canned.text, conversation=conv, agent=request.user)
    findings = [asdict(f) for f in composer_findings(filled.text, conv)]
    return {"text": filled.text, "missing": filled.missing, "findings": findings}


class AnalyzeIn(Schema):
    texts: list[str] = Field(..., min_length=1, max_length=256)


class LabelIn(Schema):
    field: str = Field(..., description="sentiment, emotion, intent, urgency, abusive or churn_risk")
    value: str


@router.post("/analyze", tags=["language"], summary="Analyse up to 256 Persian texts")
def analyze_texts(request: HttpRequest, body: AnalyzeIn) -> dict[str, list[dict]]:
    """Sentiment, emotion, intent, urgency, abuse, churn risk and language of each text, in order."""
    from hamdel.language import analyze

    return {"analyses": [a.to_dict() for a in analyze(body.texts)]}


@router.patch("/messages/{message_id}/labels", response=MessageOut, tags=["language"])
def correct_label(request: SignedInRequest, message_id: DbId, body: LabelIn) -> Message:
    """Correct one label; corrections retrain the models (`hamdel train --with-corrections`)."""
    from hamdel.conversations.analysis import label_correct

    message = get_object_or_404(Message, pk=message_id)
    label_correct(message=message, field=body.field, value=body.value, author=request.user)
    return Message.objects.select_related("analysis", "delivery").get(pk=message_id)
