"""Settings forms with ids that are not ids (text, numbers too large for the database): a Persian form
error and nothing saved, never a 500."""

from __future__ import annotations

import pytest

from hamdel.accounts.models import ApiKey, Team, User

HUGE = "99999999999999999999999"


@pytest.mark.parametrize("bad", [HUGE, "abc", "-1"])
def test_a_team_with_a_member_that_is_not_an_id_is_refused(admin_client, agent, bad):
    """Given the teams page, when an admin posts a member id that is not a row id, then the form says so
    in Persian and no team is made."""
    response = admin_client.post("/settings/teams/", {"name": "پشتیبانی", "members": [str(agent.pk), bad]})
    assert response.status_code == 400
    assert "یک گزینهٔ معتبر انتخاب کنید" in response.content.decode()
    assert not Team.objects.exists()


@pytest.mark.parametrize("bad", [HUGE, "abc"])
def test_a_new_user_in_a_team_that_is_not_an_id_is_refused(admin_client, bad):
    response = admin_client.post(
        "/settings/users/new/",
        {"username": "bahar", "role": "agent", "password": "long-enough-9", "teams": [bad]},
    )
    assert response.status_code == 400
    assert not User.objects.filter(username="bahar").exists()


@pytest.mark.parametrize("bad", [HUGE, "abc"])
def test_a_key_for_a_user_that_is_not_an_id_is_refused(admin_client, bad):
    response = admin_client.post("/settings/api-keys/", {"name": "CRM", "user": bad})
    assert response.status_code == 400
    assert not ApiKey.objects.exists()
