"""The bot's settings page: switch it per inbox, and see what it resolved per article. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hamdel.bot import selectors, services
from hamdel.bot.scoring import ANSWER_AT
from hamdel.core.permissions import Perm, requires


@requires(Perm.SETTINGS_MANAGE)
def bot_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        inbox_id = request.POST.get("inbox", "")
        if inbox_id.isdigit():
            services.bot_inbox_set(
                actor=request.user, inbox_id=int(inbox_id), enabled=request.POST.get("on") == "1"
            )
            messages.success(request, _("Changes were saved."))
        return redirect("bot:settings")
    context = {
        "inboxes": selectors.bot_inboxes(actor=request.user),
        "deflections": selectors.deflections(actor=request.user)[:50],
        "threshold": ANSWER_AT,
    }
    return render(request, "bot/settings.html", context)
