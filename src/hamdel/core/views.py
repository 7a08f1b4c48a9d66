"""The settings hub: /settings/ opens the first section this person may manage."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hamdel.core.permissions import Perm, requires
from hamdel.core.slots import settings_items


@login_required
def settings_home(request: HttpRequest) -> HttpResponse:
    sections = settings_items(request)
    if not sections:
        raise PermissionDenied("settings")
    return redirect(sections[0]["url"])


@requires(Perm.SETTINGS_MANAGE)
def system_status(request: HttpRequest) -> HttpResponse:
    """The figures of `hamdel doctor` for admins: stuck, failed and waiting work."""
    from hamdel.core import recovery

    rows = recovery.figures()
    return render(request, "core/status.html", {"rows": rows, "stuck": recovery.is_stuck(rows)})
