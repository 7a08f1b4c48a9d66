"""Guessing a password: after five wrong tries the login is locked for that username and address."""

from __future__ import annotations

from django.test import Client

from hamdel.accounts.models import User

LOCKED = "تلاش‌های ناموفق برای ورود زیاد بود. برای امنیت حساب شما، ۱۵ دقیقهٔ دیگر دوباره تلاش کنید."


def _login(client: Client, password: str, username: str = "sara") -> object:
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_login_even_for_the_right_one(agent: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        response = _login(client, "wrong-guess")
        assert response.status_code == 200  # the usual "not correct" page
    # the fifth wrong try locks
    locked = _login(client, "wrong-guess")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    # now even the right password is refused, and no session is opened
    again = _login(client, "s3cret-pass")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_does_not_lock_the_same_user_out_from_another_address(agent: User) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        _login(attacker, "wrong-guess")
    assert _login(attacker, "s3cret-pass").status_code == 429
    colleague = Client(REMOTE_ADDR="198.51.100.20")
    response = _login(colleague, "s3cret-pass")
    assert response.status_code == 302  # signed in


def test_a_success_resets_the_count(agent: User) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(4):
        _login(client, "wrong-guess")
    assert _login(client, "s3cret-pass").status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "wrong-guess").status_code == 200
