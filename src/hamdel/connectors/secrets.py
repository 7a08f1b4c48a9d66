"""Channel secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from SECRET_KEY by HKDF.

A copied database or backup then holds no usable bot token, SMS key or mailbox password. The key is never
stored: it is derived from `SECRET_KEY`, and values written under a key in `SECRET_KEY_FALLBACKS` still
read, so the secret key can be rotated (save each inbox once to re-encrypt under the new key).
Stored values carry a version prefix; a value without it is a plaintext one written before encryption
(the 0003 migration encrypts those) and is read as is.
"""

from __future__ import annotations

import base64
import json
import logging
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

logger = logging.getLogger(__name__)
PREFIX = "enc1:"


def _derive(secret_key: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"hamdel.connectors", info=b"inbox secrets v1"
    ).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


@cache
def _fernet(secret_key: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_derive(k) for k in (secret_key, *fallbacks)])


def _current() -> MultiFernet:
    return _fernet(settings.SECRET_KEY, tuple(getattr(settings, "SECRET_KEY_FALLBACKS", ())))


def encrypt(value: str) -> str:
    """The stored form of a secret; empty stays empty (nothing to hide, and "not set" stays visible)."""
    if not value:
        return ""
    return PREFIX + _current().encrypt(value.encode()).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored or not stored.startswith(PREFIX):
        return stored or ""
    try:
        return _current().decrypt(stored[len(PREFIX) :].encode("ascii")).decode()
    except InvalidToken:
        # SECRET_KEY changed without a fallback: the admin must enter the secret again.
        logger.warning("a channel secret cannot be decrypted with the current SECRET_KEY")
        return ""


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


def mask(value: str) -> str:
    """How a saved secret is shown back: its last four characters only («••••abcd»)."""
    if not value:
        return ""
    return "••••" + (value[-4:] if len(value) >= 12 else "")


class EncryptedTextField(models.TextField):
    """Plain text in Python, a Fernet token in the database. Not searchable: never filter on it."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str:
        return decrypt(value or "")

    def to_python(self, value: Any) -> str:
        return decrypt(value) if isinstance(value, str) else ("" if value is None else str(value))

    def get_prep_value(self, value: Any) -> str:
        value = super().get_prep_value(value)
        if value is None:
            return ""
        return value if is_encrypted(value) else encrypt(value)

    def value_to_string(self, obj: models.Model) -> str:
        return self.get_prep_value(self.value_from_object(obj))  # dumpdata keeps secrets encrypted


class EncryptedJSONField(models.TextField):
    """A dict of a channel's extra secrets (those without a column of their own), encrypted as one token."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> dict[str, Any]:
        return self.to_python(value)

    def to_python(self, value: Any) -> dict[str, Any]:
        if isinstance(value, dict):
            return value
        text = decrypt(value or "")
        try:
            data = json.loads(text) if text else {}
        except json.JSONDecodeError:
            return {}
        return data if isinstance(data, dict) else {}

    def get_prep_value(self, value: Any) -> str:
        if isinstance(value, str):
            return value if is_encrypted(value) or not value else encrypt(value)
        return encrypt(json.dumps(value or {}, ensure_ascii=False)) if value else ""

    def value_to_string(self, obj: models.Model) -> str:
        return self.get_prep_value(self.value_from_object(obj))
