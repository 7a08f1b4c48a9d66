"""Settings pages for admins: users, teams and API keys. Each view parses a form, calls one action, renders.

A secret (a generated password, a new API key) is rendered in the answer to the POST itself, never put
in a flash message or the session, so it is shown exactly once.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamdel.accounts import notifications, selectors, services
from hamdel.accounts.forms import ApiKeyForm, TeamForm, UserCreateForm, UserEditForm
from hamdel.accounts.models import ApiKey, Team, User
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import Perm, requires
from hamdel.core.persian import fa_digits


def _render(
    request: HttpRequest, template: str, context: dict[str, object], status: int = 200
) -> HttpResponse:
    return render(request, template, context, status=status)


def login_locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: object
) -> HttpResponse:
    """django-axes' lockout answer: the login page again, in Persian, with 429 and no password check."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _("Too many failed logins. For your security, try again in %(minutes)s minutes.") % {
        "minutes": fa_digits(minutes) if get_language() == "fa" else minutes
    }
    return _render(request, "accounts/login.html", {"locked": message, "next": ""}, status=429)


@requires(Perm.USER_MANAGE)
def user_list(request: HttpRequest) -> HttpResponse:
    users = selectors.user_list(include_inactive=True)
    return _render(request, "accounts/settings/users.html", {"users": users})


@requires(Perm.USER_MANAGE)
def user_new(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        password = data["password"] or services.generate_password()
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=password,
                role=data["role"],
                display_name=data["display_name"],
                email=data["email"],
                teams=list(data["teams"]),
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            if data["password"]:
                messages.success(request, _("User %(name)s was created.") % {"name": user.name})
                return redirect("accounts:users")
            # a generated password is shown in this answer only
            return _render(
                request, "accounts/settings/user_created.html", {"new": user, "password": password}
            )
    status = 400 if request.method == "POST" else 200
    return _render(request, "accounts/settings/user_form.html", {"form": form, "creating": True}, status)


@requires(Perm.USER_MANAGE)
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    target = get_object_or_404(User, pk=user_id)
    initial = {
        "display_name": target.display_name,
        "email": target.email,
        "role": target.role,
        "is_active": target.is_active,
        "teams": list(target.teams.all()),
    }
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=request.user,
                user=target,
                role=data["role"],
                display_name=data["display_name"],
                email=data["email"],
                is_active=data["is_active"],
                teams=list(data["teams"]),
                password=data["password"] or None,
            )
        except ApplicationError as exc:
            target.refresh_from_db()
            form.add_service_error(exc)
        else:
            messages.success(request, _("Changes to %(name)s were saved.") % {"name": target.name})
            return redirect("accounts:users")
    status = 400 if request.method == "POST" else 200
    return _render(request, "accounts/settings/user_form.html", {"form": form, "target": target}, status)


@requires(Perm.TEAM_MANAGE)
def team_list(request: HttpRequest) -> HttpResponse:
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(
                actor=request.user, name=form.cleaned_data["name"], members=list(form.cleaned_data["members"])
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("Team %(name)s was created.") % {"name": team.name})
            return redirect("accounts:teams")
    status = 400 if request.method == "POST" else 200
    return _render(
        request, "accounts/settings/teams.html", {"teams": selectors.team_list(), "form": form}, status
    )


@requires(Perm.TEAM_MANAGE)
def team_edit(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=team_id)
    form = TeamForm(request.POST or None, initial={"name": team.name, "members": list(team.members.all())})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(
                actor=request.user,
                team=team,
                name=form.cleaned_data["name"],
                members=list(form.cleaned_data["members"]),
            )
        except ApplicationError as exc:
            team.refresh_from_db()
            form.add_service_error(exc)
        else:
            messages.success(request, _("Changes to team %(name)s were saved.") % {"name": team.name})
            return redirect("accounts:teams")
    status = 400 if request.method == "POST" else 200
    return _render(request, "accounts/settings/team_form.html", {"form": form, "team": team}, status)


@requires(Perm.API_KEY_MANAGE)
def api_key_list(request: HttpRequest) -> HttpResponse:
    form = ApiKeyForm(request.POST or None, initial={"user": request.user.pk})
    context: dict[str, object] = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            key, plain = services.api_key_create(
                actor=request.user, name=form.cleaned_data["name"], user=form.cleaned_data["user"]
            )
        except ApplicationError as exc:
            form.add_service_error(exc)
            status = 400
        else:
            # the plain key is rendered in this answer only; a fresh form for the next one
            context.update(
                {"created": key, "plain": plain, "form": ApiKeyForm(initial={"user": request.user.pk})}
            )
    elif request.method == "POST":
        status = 400
    context["keys"] = selectors.api_key_list(actor=request.user)
    return _render(request, "accounts/settings/api_keys.html", context, status)


@require_POST
@requires(Perm.API_KEY_MANAGE)
def api_key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    key = get_object_or_404(ApiKey, pk=key_id)
    try:
        services.api_key_revoke(actor=request.user, key=key)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The key %(name)s was revoked; it no longer works.") % {"name": key.name})
    return redirect("accounts:api_keys")


# --- the notification centre (every staff member, their own notices) ----------------------------------


@requires(Perm.CONVERSATION_VIEW)
def notification_list(request: HttpRequest) -> HttpResponse:
    items = notifications.notification_list(user=request.user)
    unread = sum(1 for n in items if n.read_at is None)
    return _render(request, "accounts/notifications.html", {"items": items, "unread": unread})


@require_POST
@requires(Perm.CONVERSATION_VIEW)
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark read, then follow the notice's link when it was "open" (a link inside Hamdel only)."""
    try:
        found = notifications.notification_read(actor=request.user, notification=notification_id)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:notifications")
    if request.POST.get("open") and found.link:
        return redirect(found.link)
    return redirect("accounts:notifications")


@require_POST
@requires(Perm.CONVERSATION_VIEW)
def notification_read_all(request: HttpRequest) -> HttpResponse:
    notifications.notification_read_all(actor=request.user)
    return redirect("accounts:notifications")
