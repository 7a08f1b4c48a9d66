"""Users, teams and API keys through the API: admins manage them; anyone else is refused, nothing changes."""

from __future__ import annotations

from hamdel.accounts.models import ApiKey, Role, Team, User
from hamdel.accounts.services import api_key_create
from hamdel.core.models import AuditLog
from tests.conftest import ApiClient

PW = "long-enough-9"


def _state() -> tuple[list[tuple[str, str, bool]], int, int, int]:
    users = list(User.objects.order_by("username").values_list("username", "role", "is_active"))
    return users, Team.objects.count(), ApiKey.objects.count(), AuditLog.objects.count()


def test_agent_key_is_refused_and_admin_key_creates_the_user(api, admin_api, team):
    # given an agent's key and an admin's key
    before = _state()
    body = {"username": "kaveh", "password": PW, "role": "supervisor", "teams": [team.pk]}

    # when the agent tries to create a user
    refused = api.post("/users", body)

    # then 403 with the stable code, and nothing changed
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert any("\u0600" <= ch <= "\u06ff" for ch in refused.json()["message"])  # Persian by default
    assert _state() == before

    # when the admin does the same
    created = admin_api.post("/users", {**body, "display_name": "کاوه", "email": "kaveh@example.ir"})

    # then 201 with the new user, who can log in with that password and belongs to the team
    assert created.status_code == 201, created.content
    data = created.json()
    assert {k: data[k] for k in ("username", "role", "display_name", "email", "is_active", "teams")} == {
        "username": "kaveh",
        "role": "supervisor",
        "display_name": "کاوه",
        "email": "kaveh@example.ir",
        "is_active": True,
        "teams": [team.pk],
    }
    kaveh = User.objects.get(username="kaveh")
    assert kaveh.check_password("long-enough-9")
    assert kaveh.is_staff and not kaveh.is_superuser
    entry = AuditLog.objects.get(action="user_create", target="kaveh")
    assert entry.actor.username == "root" and entry.details["teams"] == [team.pk]
    assert "long-enough-9" not in str(entry.details)


def test_supervisor_key_cannot_create_users_either(lead, admin):
    _key, plain = api_key_create(name="lead script", user=lead)
    response = ApiClient(plain).post("/users", {"username": "x1", "password": PW, "role": "agent"})
    assert response.status_code == 403
    assert not User.objects.filter(username="x1").exists()


def test_invalid_requests_answer_a_persian_message_and_a_stable_code(admin_api, agent):
    cases = [
        ({"username": "sara", "password": PW, "role": "agent"}, 409, "duplicate_username"),
        ({"username": "SARA", "password": PW, "role": "agent"}, 409, "duplicate_username"),
        ({"username": "new1", "password": PW, "role": "boss"}, 400, "unknown_role"),
        ({"username": "new1", "password": "123", "role": "agent"}, 400, "weak_password"),
        ({"username": "new1", "password": "password123", "role": "agent"}, 400, "weak_password"),
        ({"username": "new1", "password": PW, "role": "agent", "teams": [999]}, 400, "unknown_team"),
        ({"username": "new user", "password": PW, "role": "agent"}, 400, "invalid_username"),
        ({"username": "new1", "password": PW, "role": "agent", "email": "nope"}, 400, "invalid_email"),
    ]
    for body, status, code in cases:
        response = admin_api.post("/users", body)
        assert (response.status_code, response.json()["code"]) == (status, code), body
        assert any("\u0600" <= ch <= "\u06ff" for ch in response.json()["message"]), response.json()
    assert response.json()["extra"]["field"] == "email"
    assert not User.objects.filter(username__in=["new1", "new user"]).exists()
    missing = admin_api.post("/users", {"username": "new1"})
    assert missing.status_code == 422 and missing.json()["code"] == "invalid"


def test_user_without_password_cannot_log_in_until_one_is_set(admin_api):
    response = admin_api.post("/users", {"username": "bot", "role": "agent"})
    assert response.status_code == 201
    assert not User.objects.get(username="bot").has_usable_password()


def test_patch_changes_role_flags_teams_and_resets_the_password(admin_api, agent, team):
    other = Team.objects.create(name="فنی")
    response = admin_api.patch(
        f"/users/{agent.pk}",
        {"role": "admin", "display_name": "سارا ک", "teams": [other.pk], "password": "another-long-7"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "admin" and response.json()["teams"] == [other.pk]
    agent.refresh_from_db()
    assert agent.role == Role.ADMIN and agent.is_staff and agent.is_superuser
    assert agent.check_password("another-long-7") and agent.display_name == "سارا ک"
    entry = AuditLog.objects.get(action="user_update")
    assert entry.details["role"] == {"old": "agent", "new": "admin"}
    assert entry.details["teams"] == {"old": [team.pk], "new": [other.pk]}
    assert entry.details["password"] == "reset" and "another-long-7" not in str(entry.details)

    # demoted again: Django's flags follow
    assert admin_api.patch(f"/users/{agent.pk}", {"role": "agent"}).status_code == 200
    agent.refresh_from_db()
    assert not agent.is_staff and not agent.is_superuser


def test_half_valid_patch_changes_nothing(admin_api, agent):
    before = _state()
    response = admin_api.patch(f"/users/{agent.pk}", {"role": "supervisor", "password": "123"})
    assert response.status_code == 400 and response.json()["code"] == "weak_password"
    assert _state() == before
    assert admin_api.patch("/users/99999", {"role": "agent"}).status_code == 404


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(admin_api, admin):
    before = _state()
    for body in ({"role": "agent"}, {"role": "supervisor"}, {"is_active": False}):
        response = admin_api.patch(f"/users/{admin.pk}", body)
        assert response.status_code == 409, body
        assert response.json()["code"] == "last_admin"
        assert "مدیر" in response.json()["message"]
    assert _state() == before

    # with a second admin, the first may step down
    second = admin_api.post("/users", {"username": "second", "password": PW, "role": "admin"})
    assert second.status_code == 201
    assert admin_api.patch(f"/users/{admin.pk}", {"role": "supervisor"}).status_code == 200
    admin.refresh_from_db()
    assert admin.role == Role.SUPERVISOR and not admin.is_superuser


def test_deactivated_admin_does_not_count_as_the_other_admin(admin_api, admin):
    other = admin_api.post("/users", {"username": "gone", "password": PW, "role": "admin"}).json()
    assert admin_api.patch(f"/users/{other['id']}", {"is_active": False}).status_code == 200
    response = admin_api.patch(f"/users/{admin.pk}", {"is_active": False})
    assert response.json()["code"] == "last_admin"


def test_agents_list_colleagues_for_pickers_but_not_inactive_ones_unless_asked(api, admin_api, agent, lead):
    admin_api.patch(f"/users/{lead.pk}", {"is_active": False})
    names = [u["username"] for u in api.get("/users").json()]
    assert names == ["root", "sara"]
    everyone = [u["username"] for u in api.get("/users", include_inactive="true").json()]
    assert everyone == ["lead", "root", "sara"]


def test_teams_are_created_and_changed_by_admins_only(api, admin_api, agent, lead):
    assert api.post("/teams", {"name": "فروش"}).status_code == 403
    assert not Team.objects.exists()
    created = admin_api.post("/teams", {"name": "فروش", "member_ids": [agent.pk]})
    assert created.status_code == 201
    team_id = created.json()["id"]
    assert admin_api.post("/teams", {"name": "فروش"}).json()["code"] == "duplicate_team"
    assert admin_api.post("/teams", {"name": "  "}).json()["code"] == "name_required"
    assert admin_api.post("/teams", {"name": "x", "member_ids": [999]}).json()["code"] == "unknown_user"
    assert api.patch(f"/teams/{team_id}", {"name": "hack"}).status_code == 403
    changed = admin_api.patch(f"/teams/{team_id}", {"name": "فروش و پس از فروش", "member_ids": [lead.pk]})
    assert changed.json() == {"id": team_id, "name": "فروش و پس از فروش", "member_ids": [lead.pk]}
    assert list(AuditLog.objects.order_by("pk").values_list("action", flat=True)).count("team_update") == 1
    assert admin_api.patch("/teams/999", {"name": "y"}).status_code == 404


def test_api_keys_created_once_act_with_their_users_role_and_can_be_revoked(api, admin_api, agent):
    # an agent cannot hand out keys
    assert api.post("/api-keys", {"name": "mine", "user_id": agent.pk}).status_code == 403
    assert api.get("/api-keys").status_code == 403

    # the admin makes a key for the agent; the plain key is in this answer only
    created = admin_api.post("/api-keys", {"name": "CRM", "user_id": agent.pk})
    assert created.status_code == 201
    plain = created.json()["key"]
    assert plain.startswith("hmd_")
    listed = admin_api.get("/api-keys").json()
    assert all("key" not in k for k in listed) and plain not in str(listed)

    # the key acts as the agent: it reads, but cannot create a user
    as_agent = ApiClient(plain)
    assert as_agent.get("/users").status_code == 200
    refused = as_agent.post("/users", {"username": "x2", "password": PW, "role": "admin"})
    assert refused.status_code == 403 and not User.objects.filter(username="x2").exists()

    # unknown user: refused, nothing created
    count = ApiKey.objects.count()
    unknown = admin_api.post("/api-keys", {"name": "typo", "user_id": 999})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_user"
    assert ApiKey.objects.count() == count

    # revoked: the key stops working at once
    revoked = admin_api.client.delete(f"/api/v1/api-keys/{created.json()['id']}", headers=admin_api.headers)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert as_agent.get("/users").status_code == 401
    assert AuditLog.objects.filter(action="api_key_revoke").count() == 1


def test_a_request_with_several_bad_fields_names_them_all(admin_api, agent):
    response = admin_api.post(
        "/users", {"username": "sara", "password": "123", "role": "boss", "email": "nope", "teams": [999]}
    )
    assert response.status_code == 409  # the first problem decides the status: the name is taken
    errors = response.json()["extra"]["errors"]
    assert [e["code"] for e in errors] == [
        "duplicate_username",
        "unknown_role",
        "invalid_email",
        "weak_password",
        "unknown_team",
    ]
    assert User.objects.count() == 2  # sara and root only
    patch = admin_api.patch(f"/users/{agent.pk}", {"role": "boss", "teams": [999], "display_name": "x"})
    assert [e["field"] for e in patch.json()["extra"]["errors"]] == ["role", "teams"]
    agent.refresh_from_db()
    assert agent.display_name == "سارا"
