"""The top bar's own actions (the layout, not any one app)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST


@login_required
@require_POST
def toggle_availability(request: HttpRequest) -> HttpResponse:
    from hamdel.accounts.services import user_set_availability

    user_set_availability(user=request.user, available=not request.user.is_available)
    return redirect(request.POST.get("next") or "conversations:inbox")
