"""Channel settings for admins and supervisors, and the call / visit forms on a customer's page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.connectors import selectors, services
from hamdel.connectors.chat.views import snippet
from hamdel.connectors.forms import CallForm, WalkInForm, inbox_form
from hamdel.connectors.models import Inbox, InboxKind
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import Customer


def supervisor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Channel settings hold credentials: admins and supervisors only."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_supervisor:
            return HttpResponseForbidden(_("Only admins and supervisors may change channels."))
        return view(request, *args, **kwargs)

    return wrapper


def public_base(request: HttpRequest) -> str:
    return settings.HAMDEL_PUBLIC_URL or request.build_absolute_uri("/").rstrip("/")


def endpoints(request: HttpRequest, inbox: Inbox) -> list[tuple[str, str]]:
    """What to paste where, per channel."""
    base = public_base(request)
    kind = inbox.kind
    if kind in (InboxKind.TELEGRAM, InboxKind.BALE):
        return [
            (_("Webhook"), base + reverse("connectors:bot_webhook", args=[kind, inbox.key])),
            (_("Secret token"), inbox.webhook_secret),
        ]
    if kind == InboxKind.SMS:
        q = f"?secret={inbox.webhook_secret}"
        return [
            (_("Received messages URL"), base + reverse("connectors:sms_inbound", args=[inbox.key]) + q),
            (_("Delivery reports URL"), base + reverse("connectors:sms_status", args=[inbox.key]) + q),
        ]
    if kind == InboxKind.CHAT:
        return [(_("Put this on every page of your site"), snippet(base, inbox.key))]
    if kind == InboxKind.WEB_FORM:
        return [(_("Public form"), base + reverse("connectors:form", args=[inbox.key]))]
    if kind == InboxKind.PHONE:
        return [(_("The phone system posts calls to"), base + "/api/v1/calls")]
    if kind == InboxKind.SOCIAL:
        return [
            (_("Mentions API"), base + "/api/v1/mentions"),
            (_("CSV import API"), base + "/api/v1/mentions/import"),
        ]
    if kind == InboxKind.EMAIL and settings.HAMDEL_SMTP_LISTEN:
        return [(_("Direct delivery (SMTP)"), settings.HAMDEL_SMTP_LISTEN)]
    return []


@supervisor_required
def inbox_list(request: HttpRequest) -> HttpResponse:
    inboxes = [(inbox, endpoints(request, inbox)) for inbox in selectors.inbox_list()]
    return render(request, "connectors/settings.html", {"inboxes": inboxes, "kinds": InboxKind.choices})


@supervisor_required
def inbox_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    inbox = get_object_or_404(Inbox, pk=pk) if pk else Inbox(kind=request.GET.get("kind", ""))
    if inbox.kind not in InboxKind.values:
        messages.error(request, _("Choose a channel first."))
        return redirect("connectors:settings")
    form_class = inbox_form(inbox.kind)
    form = form_class(request.POST or None, instance=inbox)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        for name, value in form.cleaned_data.items():
            setattr(saved, name, value)
        try:
            services.inbox_save(inbox=saved, actor=request.user, changed=form.changed_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The channel was saved."))
            return redirect("connectors:settings_edit", saved.pk)
    context = {"form": form, "inbox": inbox, "endpoints": endpoints(request, inbox) if inbox.pk else []}
    return render(request, "connectors/settings_edit.html", context, status=400 if form.errors else 200)


@supervisor_required
@require_POST
def inbox_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch on/off, test the mailbox, connect the bot, import mentions."""
    inbox = get_object_or_404(Inbox, pk=pk)
    action = request.POST.get("action")
    try:
        if action in ("activate", "deactivate"):
            services.inbox_set_active(inbox=inbox, active=action == "activate", actor=request.user)
            messages.success(request, _("Saved."))
        elif action == "test_imap":
            from hamdel.connectors.email.imap import imap_check

            try:
                count = imap_check(inbox)
            except Exception as exc:  # any network or login failure is the answer the admin needs
                raise ApplicationError(
                    _("The mailbox could not be read: %(error)s") % {"error": exc}
                ) from exc
            messages.success(request, _("Connected: %(count)s messages in the folder.") % {"count": count})
        elif action == "connect_bot":
            name = services.bot_connect(inbox=inbox, base_url=public_base(request))
            messages.success(request, _("The bot @%(name)s is connected.") % {"name": name})
        elif action == "import_csv":
            upload = request.FILES.get("file")
            if upload is None:
                raise ApplicationError(_("Choose a CSV file."))
            summary = services.mentions_import_csv(content=upload.read(5 * 1024 * 1024))
            messages.success(
                request,
                _("%(n)s mentions imported, %(d)s already there, %(r)s refused.")
                % {"n": summary.ingested, "d": summary.duplicates, "r": len(summary.refused)},
            )
            for item in summary.refused[:10]:
                messages.error(request, _("Line %(line)s: %(reason)s") % item)
        else:
            raise ApplicationError(_("Unknown action."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("connectors:settings_edit", inbox.pk)


@login_required
@require_POST
def customer_call(request: HttpRequest, pk: int) -> HttpResponse:
    """Any agent: log a call with this customer from their page."""
    customer = get_object_or_404(Customer, pk=pk)
    form = CallForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}"
            )
        return redirect("customers:customer", pk)
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    data["ivr_path"] = [p for p in str(data.get("ivr_path", "")).replace("،", "-").split("-") if p.strip()]
    data["name"] = customer.name
    data["call_id"] = request.POST.get("call_id", "")
    if not data["call_id"]:
        data.pop("call_id")
    try:
        result = services.call_log(data=data, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("customers:customer", pk)
    messages.success(request, _("The call was logged."))
    return redirect("conversations:conversation", result.conversation_number)


@login_required
@require_POST
def customer_walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Any agent: record a visit at the counter."""
    customer = get_object_or_404(Customer, pk=pk)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what the customer asked for."))
        return redirect("customers:customer", pk)
    try:
        result = services.walk_in_log(
            customer=customer,
            text=form.cleaned_data["text"],
            branch=form.cleaned_data["branch"],
            actor=request.user,
            visit_id=request.POST.get("visit_id", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("customers:customer", pk)
    messages.success(request, _("The visit was logged."))
    return redirect("conversations:conversation", result.conversation_number)
