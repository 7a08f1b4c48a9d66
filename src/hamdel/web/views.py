"""The top bar's own actions (the layout, not any one app)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from hamdel.accounts.http import SignedInRequest
from hamdel.core.http import same_site


@login_required
@require_POST
def toggle_availability(request: SignedInRequest) -> HttpResponse:
    from hamdel.accounts.services import user_set_availability

    user_set_availability(user=request.user, available=not request.user.is_available)
    return redirect(same_site(request, request.POST.get("next", "")) or "conversations:inbox")
