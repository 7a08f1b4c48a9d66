"""The admins' settings pages: users, teams and API keys, in Persian; refused to everyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from hamdel.accounts.models import ApiKey, Role, Team, User
from hamdel.core.models import AuditLog

PAGES = ["/settings/users/", "/settings/users/new/", "/settings/teams/", "/settings/api-keys/"]


@pytest.mark.parametrize("path", PAGES)
def test_agents_and_supervisors_are_refused(agent_client, lead, path):
    assert agent_client.get(path).status_code == 403
    lead_client = Client()
    lead_client.force_login(lead)
    assert lead_client.get(path).status_code == 403


def _counts() -> tuple[int, int, int, int]:
    return User.objects.count(), Team.objects.count(), ApiKey.objects.count(), AuditLog.objects.count()


def test_posts_from_an_agent_change_nothing(agent_client, agent, admin, team):
    before = _counts()
    assert agent_client.post("/settings/users/new/", {"username": "x", "role": "admin"}).status_code == 403
    assert agent_client.post(f"/settings/users/{agent.pk}/", {"role": "admin"}).status_code == 403
    assert agent_client.post("/settings/teams/", {"name": "x"}).status_code == 403
    assert agent_client.post("/settings/api-keys/", {"name": "x", "user": agent.pk}).status_code == 403
    assert _counts() == before
    agent.refresh_from_db()
    assert agent.role == Role.AGENT


def test_anonymous_visitors_are_sent_to_log_in(db):
    response = Client().get("/settings/users/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_user_list_is_persian_with_roles_teams_and_jalali_last_login(admin_client, agent, lead, team):
    User.objects.filter(pk=agent.pk).update(last_login=dt.datetime(2026, 3, 21, 9, 0, tzinfo=dt.UTC))
    html = admin_client.get("/settings/users/").content.decode()
    assert 'lang="fa" dir="rtl"' in html
    assert "کاربران" in html and "کارشناس" in html and "مدیر" in html
    assert "فروش" in html  # the agent's team
    assert "۱۴۰۵" in html  # 21 March 2026 is 1 Farvardin 1405
    assert "هرگز" in html  # the supervisor never logged in


def test_admin_creates_a_user_with_a_generated_password_shown_once(admin_client, team):
    response = admin_client.post(
        "/settings/users/new/",
        {"username": "bahar", "display_name": "بهار", "role": "supervisor", "teams": [team.pk]},
    )
    assert response.status_code == 200
    html = response.content.decode()
    bahar = User.objects.get(username="bahar")
    password = html.split("<code>")[1].split("</code>")[0]
    assert bahar.check_password(password)
    assert bahar.role == Role.SUPERVISOR and list(bahar.teams.all()) == [team]
    # not kept anywhere: the list page does not show it again
    assert password not in admin_client.get("/settings/users/").content.decode()


def test_create_form_shows_the_refusal_next_to_the_field(admin_client, agent):
    response = admin_client.post(
        "/settings/users/new/", {"username": "sara", "role": "agent", "password": "long-enough-9"}
    )
    assert response.status_code == 400
    assert "کاربری با آن نام کاربری وجود دارد." in response.content.decode()  # Django's own wording
    weak = admin_client.post("/settings/users/new/", {"username": "new", "role": "agent", "password": "123"})
    assert weak.status_code == 400 and "قوی نیست" in weak.content.decode()
    assert not User.objects.filter(username="new").exists()


def test_admin_edits_role_and_deactivates_a_user(admin_client, agent):
    response = admin_client.post(
        f"/settings/users/{agent.pk}/",
        {"display_name": "سارا", "email": "", "role": "supervisor", "password": ""},  # is_active unticked
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.role == Role.SUPERVISOR and agent.is_staff and not agent.is_active


def test_edit_page_refuses_to_demote_the_last_admin(admin_client, admin):
    response = admin_client.post(
        f"/settings/users/{admin.pk}/", {"display_name": "مدیر", "role": "agent", "is_active": "on"}
    )
    assert response.status_code == 400
    assert "آخرین مدیر فعال" in response.content.decode()
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN and admin.is_superuser


def test_teams_are_created_and_edited(admin_client, agent, lead):
    assert admin_client.post("/settings/teams/", {"name": "فنی", "members": [agent.pk]}).status_code == 302
    team = Team.objects.get(name="فنی")
    assert list(team.members.all()) == [agent]
    duplicate = admin_client.post("/settings/teams/", {"name": "فنی"})
    assert duplicate.status_code == 400 and "از قبل وجود دارد" in duplicate.content.decode()
    edited = admin_client.post(f"/settings/teams/{team.pk}/", {"name": "پشتیبانی فنی", "members": [lead.pk]})
    assert edited.status_code == 302
    team.refresh_from_db()
    assert team.name == "پشتیبانی فنی" and list(team.members.all()) == [lead]
    assert "پشتیبانی فنی" in admin_client.get("/settings/teams/").content.decode()


def test_api_key_is_shown_once_and_revoked_from_the_page(admin_client, agent):
    response = admin_client.post("/settings/api-keys/", {"name": "CRM", "user": agent.pk})
    assert response.status_code == 200
    html = response.content.decode()
    plain = html.split("<code>")[1].split("</code>")[0]
    assert plain.startswith("hmd_")
    headers = {"Authorization": f"Bearer {plain}"}
    assert Client().get("/api/v1/users", headers=headers).status_code == 200
    listing = admin_client.get("/settings/api-keys/").content.decode()
    assert plain not in listing and "CRM" in listing and "کارشناس" in listing

    key = ApiKey.objects.get()
    assert admin_client.post(f"/settings/api-keys/{key.pk}/revoke/").status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_at <= timezone.now()
    assert Client().get("/api/v1/users", headers=headers).status_code == 401
    assert "باطل‌شده" in admin_client.get("/settings/api-keys/").content.decode()


def test_settings_menu_entry_only_for_admins(admin_client, agent_client):
    assert 'href="/settings/users/"' in admin_client.get("/settings/teams/").content.decode()
    assert 'href="/settings/users/"' not in agent_client.get("/").content.decode()


def test_pages_switch_to_english(admin_client, agent, team):
    admin_client.post("/i18n/setlang/", {"language": "en", "next": "/settings/users/"})
    users = admin_client.get("/settings/users/").content.decode()
    assert 'lang="en" dir="ltr"' in users and "Last login" in users and "Agent" in users
    teams = admin_client.get("/settings/teams/").content.decode()
    assert "1 member" in teams and "New team" in teams
    assert "Create key" in admin_client.get("/settings/api-keys/").content.decode()


def test_every_bad_field_is_marked_at_once(admin_client, agent):
    response = admin_client.post(
        "/settings/users/new/", {"username": "sara", "role": "agent", "password": "123"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "کاربری با آن نام کاربری وجود دارد." in html and "قوی نیست" in html
