"""Public guided web form, its confirmation with tracking numbers, and the private tracking page."""

from __future__ import annotations

import base64
import json
import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hamdel.connectors import pipeline
from hamdel.connectors.models import Inbox
from hamdel.connectors.selectors import inbox_by_key
from hamdel.connectors.webform.forms import DEFAULT_TYPES, MAX_QUESTIONS, ContactForm, clean_questions
from hamdel.conversations.models import Conversation, Direction, MessageKind
from hamdel.core.errors import ApplicationError
from hamdel.core.ratelimit import over_limit

SALT = "hamdel.form.track"
VISITOR_SALT = "hamdel.form.visitor"
FORM_MAX_AGE = 60 * 60 * 24 * 2
THREAD_PREFIX = "form:t:"
TOKEN_RE = re.compile(r"[0-9a-f]{32}")


def visitor_token() -> str:
    """The form's id, issued by the server and signed: a visitor cannot choose (or copy) another's id."""
    return signing.dumps(uuid.uuid4().hex, salt=VISITOR_SALT)


def visitor_from_token(value: str) -> str:
    """The id inside a form token this server issued; a fresh one for a forged, raw or expired id."""
    try:
        return str(signing.loads(value, salt=VISITOR_SALT, max_age=FORM_MAX_AGE))
    except signing.BadSignature:
        return uuid.uuid4().hex


def request_token(form_id: str, index: int, address: str) -> str:
    """Unguessable (an HMAC with the secret key) yet the same for a double submit; bound to the sender's
    address, so even a copied form token never leads into another person's request."""
    return salted_hmac(SALT, f"{form_id}:{index}:{address}", algorithm="sha256").hexdigest()[:32]


def tracking_token(thread_key: str) -> str:
    if thread_key.startswith(THREAD_PREFIX):
        return thread_key.removeprefix(THREAD_PREFIX)
    return signing.dumps(thread_key, salt=SALT)  # links sent before tokens, still honoured


def _types(inbox: Inbox) -> list[str]:
    return inbox.problem_type_list or [str(t) for t in DEFAULT_TYPES]


@require_http_methods(["GET", "POST"])
def form(request: HttpRequest, key: str) -> HttpResponse:
    """Public, rate-limited: each question becomes its own conversation with its own tracking link."""
    inbox = inbox_by_key(key=key, kind="web_form")
    types = _types(inbox)
    questions_error: list[str] = []
    if request.method == "POST":
        contact = ContactForm(request.POST, types=types)
        if request.POST.get("website"):
            return render(request, "connectors/form_done.html", {"inbox": inbox, "created": []})
        if over_limit(request, "form", per_hour=settings.HAMDEL_PUBLIC_RATE_PER_HOUR):
            contact.is_valid()
            questions_error = [_("Too many requests from your connection; please try again in an hour.")]
            status = 429
        else:
            questions, questions_error = clean_questions(request.POST, request.FILES)
            valid = contact.is_valid()
            if valid and not questions_error:
                created = _submit(inbox, contact.cleaned_data, questions, request.POST.get("form_id", ""))
                return render(request, "connectors/form_done.html", {"inbox": inbox, "created": created})
            status = 400
    else:
        contact, status = ContactForm(types=types), 200
    context = {
        "inbox": inbox,
        "contact": contact,
        "questions_error": questions_error,
        "form_id": request.POST.get("form_id") or visitor_token(),
        # The help centre's "still need help?" carries the visitor's search in as the first question.
        "posted": [request.POST.get(f"question_{i}", "") for i in range(MAX_QUESTIONS)]
        if request.method == "POST"
        else [request.GET.get("question", "")[:2000]] + [""] * (MAX_QUESTIONS - 1),
        "max_questions": MAX_QUESTIONS,
    }
    return render(request, "connectors/form.html", context, status=status)


def _submit(inbox: Inbox, data: dict, questions: list, form_id: str) -> list[dict[str, object]]:
    form_id = visitor_from_token(form_id)
    created = []
    for i, (text, photos) in enumerate(questions):
        address = (data["email"] or data["phone"]).strip().lower()
        thread = THREAD_PREFIX + request_token(form_id, i, address)
        payload = {
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "problem_type": data["problem_type"],
            "order_number": data["order_number"],
            "text": text,
            "external_id": thread,
            "thread_key": thread,
            "files": [
                {"name": p.name, "type": p.content_type, "data": base64.b64encode(p.read()).decode()}
                for p in photos
            ],
        }
        result = pipeline.receive(
            source="web_form", payload=json.dumps(payload, ensure_ascii=False), headers={"inbox": inbox.pk}
        )
        created.append(
            {
                "number": result.conversation_number,
                "text": text,
                "url": reverse("connectors:form_track", args=[tracking_token(thread)]),
            }
        )
    return created


def _conversation(token: str) -> tuple[str, Conversation]:
    if TOKEN_RE.fullmatch(token):
        thread = THREAD_PREFIX + token
    else:
        try:
            thread = signing.loads(token, salt=SALT)
        except signing.BadSignature as exc:
            raise Http404(_("This tracking link is not valid.")) from exc
    conv = (
        Conversation.objects.select_related("customer")
        .filter(channel="web_form", thread_key=thread)
        .order_by("-pk")
        .first()
    )
    if conv is None:
        raise Http404(_("This tracking link is not valid."))
    return thread, conv


def track(request: HttpRequest, token: str) -> HttpResponse:
    """Public to whoever holds the signed link: the request's status and the messages both ways."""
    _thread, conv = _conversation(token)
    timeline = (
        conv.messages.filter(kind=MessageKind.MESSAGE, direction__in=[Direction.INBOUND, Direction.OUTBOUND])
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("pk")
    )
    return render(request, "connectors/form_track.html", {"conv": conv, "timeline": timeline, "token": token})


@require_POST
def track_answer(request: HttpRequest, token: str) -> HttpResponse:
    thread, conv = _conversation(token)
    text = request.POST.get("text", "").strip()
    if not text:
        messages.error(request, _("Write your answer first."))
        return redirect("connectors:form_track", token)
    if over_limit(request, "form-answer", per_hour=settings.HAMDEL_PUBLIC_RATE_PER_HOUR * 3):
        messages.error(request, _("Too many requests from your connection; please try again in an hour."))
        return redirect("connectors:form_track", token)
    identity = conv.customer.identities.filter(kind__in=["email", "phone"]).order_by("kind").first()
    payload = {
        "email": identity.address if identity and identity.kind == "email" else "",
        "phone": identity.address if identity and identity.kind == "phone" else "",
        "name": conv.customer.name,
        "text": text,
        "external_id": f"form-answer:{thread}:{(request.POST.get('answer_id') or uuid.uuid4().hex)[:60]}",
        "thread_key": thread,
    }
    try:
        pipeline.receive(source="web_form", payload=json.dumps(payload, ensure_ascii=False), headers={})
    except ApplicationError as exc:
        messages.error(request, _(exc.message))
    else:
        messages.success(request, _("Your answer was sent."))
    return redirect("connectors:form_track", token)
