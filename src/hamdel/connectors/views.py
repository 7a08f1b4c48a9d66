"""Channel settings for admins (Perm.INBOX_MANAGE), and the call / visit forms on a customer's page.

The settings pages only parse and render: every change is an action in `services` that checks the
permission itself. What each channel shows (fields, secrets, what to paste where) comes from its spec.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.connectors import registry, selectors, services
from hamdel.connectors.forms import CallForm, WalkInForm, inbox_form
from hamdel.connectors.models import Inbox
from hamdel.core import channels
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, requires
from hamdel.customers.models import Customer


def public_base(request: HttpRequest) -> str:
    return settings.HAMDEL_PUBLIC_URL or request.build_absolute_uri("/").rstrip("/")


def endpoints(request: HttpRequest, inbox: Inbox) -> list[tuple[str, str]]:
    """What to paste where: the channel's spec says."""
    spec = registry.spec_for(inbox.kind)
    if spec is None or spec.endpoints is None:
        return []
    return spec.endpoints(inbox, public_base(request))


def _show_secret_once(request: HttpRequest, secret: str) -> None:
    messages.warning(
        request,
        _("Webhook secret: %(secret)s — copy it now into the provider's settings; it is not shown again.")
        % {"secret": secret},
    )


@requires(Perm.INBOX_MANAGE)
def inbox_list(request: HttpRequest) -> HttpResponse:
    inboxes = [(inbox, endpoints(request, inbox)) for inbox in selectors.inbox_list()]
    kinds = [(c.name, c.label) for c in channels.all_channels() if c.has_inbox]
    return render(request, "connectors/settings.html", {"inboxes": inboxes, "kinds": kinds})


@requires(Perm.INBOX_MANAGE)
def inbox_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    inbox = get_object_or_404(Inbox, pk=pk) if pk else Inbox(kind=request.GET.get("kind", ""))
    spec = registry.spec_for(inbox.kind)
    if spec is None or not spec.has_inbox:
        messages.error(request, _("Choose a channel first."))
        return redirect("connectors:settings")
    form = inbox_form(spec)(request.POST or None, instance=inbox)
    if request.method == "POST" and form.is_valid():
        data = {name: request.POST.get(name) for name in form.fields if name in request.POST}
        try:
            if inbox.pk:
                saved = services.inbox_update(actor=request.user, inbox=inbox, data=data, partial=False)
            else:
                saved = services.inbox_create(actor=request.user, kind=spec.name, data=data)
                if spec.webhook is not None:
                    _show_secret_once(request, saved.webhook_secret)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The channel was saved."))
            return redirect("connectors:settings_edit", saved.pk)
    context = {
        "form": form,
        "inbox": inbox,
        "has_webhook": spec.webhook is not None,
        "endpoints": endpoints(request, inbox) if inbox.pk else [],
    }
    return render(request, "connectors/settings_edit.html", context, status=400 if form.errors else 200)


@requires(Perm.INBOX_MANAGE)
@require_POST
def inbox_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Switch on/off, delete, new webhook secret, test the mailbox, connect the bot, import mentions."""
    inbox = get_object_or_404(Inbox, pk=pk)
    action = request.POST.get("action")
    try:
        if action in ("activate", "deactivate"):
            services.inbox_set_active(inbox=inbox, active=action == "activate", actor=request.user)
            messages.success(request, _("Saved."))
        elif action == "delete":
            services.inbox_delete(inbox=inbox, actor=request.user)
            messages.success(request, _("The channel was removed; its conversations stay."))
            return redirect("connectors:settings")
        elif action == "rotate_secret":
            _show_secret_once(request, services.inbox_rotate_webhook_secret(inbox=inbox, actor=request.user))
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
            name = services.bot_connect(inbox=inbox, base_url=public_base(request), actor=request.user)
            messages.success(request, _("The bot @%(name)s is connected.") % {"name": name})
        elif action == "import_csv":
            upload = request.FILES.get("file")
            if upload is None:
                raise ApplicationError(_("Choose a CSV file."))
            summary = services.mentions_import_csv(content=upload.read(5 * 1024 * 1024), actor=request.user)
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


@requires(Perm.FEEDBACK_RECORD)
@require_POST
def customer_call(request: HttpRequest, pk: int) -> HttpResponse:
    """Any agent: log a call with this customer from their page."""
    customer = get_object_or_404(Customer, pk=pk)
    form = CallForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
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


@requires(Perm.FEEDBACK_RECORD)
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
