"""Shield pages: the admins' settings and the agent's one-click boundary message. Thin: parse, act, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.accounts.models import Team, User
from hamdel.coach.shield import services
from hamdel.coach.shield.models import DEFAULT_BOUNDARY_TEXT
from hamdel.conversations import selectors as conversation_selectors
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, requires


@requires(Perm.SETTINGS_MANAGE)
def shield_settings(request: HttpRequest) -> HttpResponse:
    row = services.shield_settings_read(actor=request.user)
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        p = request.POST
        try:
            services.shield_settings_update(
                actor=request.user,
                route_team_id=p.get("route_team"),
                route_user_id=p.get("route_user"),
                boundary_text=p.get("boundary_text", ""),
                auto_boundary=p.get("auto_boundary") == "1",
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            errors = {k: str(v) for k, v in (exc.extra or {}).items()}
            status = 400
        else:
            messages.success(request, _("Changes were saved."))
            return redirect("coach:shield_settings")
    context = {
        "row": row,
        "errors": errors,
        "teams": Team.objects.order_by("name"),
        "people": User.objects.filter(is_active=True).order_by("display_name", "username"),
        "default_text": DEFAULT_BOUNDARY_TEXT,
    }
    return render(request, "coach/shield/settings.html", context, status=status)


@requires(Perm.CONVERSATION_REPLY)
@require_POST
def shield_boundary(request: HttpRequest, number: int) -> HttpResponse:
    """The agent's one click: the calm boundary message goes to the customer through the outbox."""
    conv = conversation_selectors.conversation_get(number=number)
    try:
        services.shield_boundary_send(conversation=conv, actor=request.user)
        messages.success(request, _("The boundary message was sent."))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("conversations:conversation", number=number)
