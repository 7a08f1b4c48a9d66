"""Named example users for the accounts tests: an admin beside the shared agent and supervisor."""

from __future__ import annotations

import pytest
from django.test import Client

from hamdel.accounts.models import Role, User
from hamdel.accounts.services import api_key_create, user_create
from tests.conftest import ApiClient


@pytest.fixture
def admin(db: None) -> User:
    return user_create(username="root", password="s3cret-pass", role=Role.ADMIN, display_name="مدیر")


@pytest.fixture
def admin_api(admin: User) -> ApiClient:
    _key, plain = api_key_create(name="admin script", user=admin)
    return ApiClient(plain)


@pytest.fixture
def admin_client(admin: User) -> Client:
    client = Client()
    client.force_login(admin)
    return client
