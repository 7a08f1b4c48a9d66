"""The settings hub: /settings/ opens the first section this person may manage."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from hamdel.core.slots import settings_items


@login_required
def settings_home(request: HttpRequest) -> HttpResponse:
    sections = settings_items(request)
    if not sections:
        raise PermissionDenied("settings")
    return redirect(sections[0]["url"])
