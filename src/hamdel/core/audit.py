"""Record administrative actions; called from services inside their transaction.

The log is append-only: this module only inserts. The request's IP comes from `AuditContextMiddleware`
(a context variable), so services need not pass it around. `install_db_guard` adds the database triggers
that refuse UPDATE and DELETE on the table (PostgreSQL and SQLite), run by migration 0003.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

from hamdel.core.models import AuditLog

_request_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("hamdel_audit_ip", default=None)


def audit(
    *,
    actor: Any,
    action: str,
    target: str = "",
    before: Any = None,
    after: Any = None,
    ip: str | None = None,
    **details: Any,
) -> AuditLog:
    """Write one audit entry; the actor may be None for system actions (the CLI, tasks)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    name = str(getattr(user, "name", "") or getattr(user, "username", "")) if user is not None else ""
    return AuditLog.objects.create(
        actor=user,
        actor_name=name[:150],
        action=action,
        target=str(target)[:200],
        ip=ip or _request_ip.get(),
        before=before,
        after=after,
        details=details,
    )


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR: the proxy in front of Hamdel must set it (uvicorn --proxy-headers does)."""
    return request.META.get("REMOTE_ADDR") or None


class AuditContextMiddleware:
    """Remember the client's IP for the audit entries written while this request runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _request_ip.reset(token)


GUARD_SQL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS core_auditlog_no_update BEFORE UPDATE ON core_auditlog "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS core_auditlog_no_delete BEFORE DELETE ON core_auditlog "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION core_auditlog_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql",
        "DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog",
        "CREATE TRIGGER core_auditlog_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON core_auditlog "
        "FOR EACH STATEMENT EXECUTE FUNCTION core_auditlog_append_only()",
    ],
}
UNGUARD_SQL = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS core_auditlog_no_update",
        "DROP TRIGGER IF EXISTS core_auditlog_no_delete",
    ],
    "postgresql": ["DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog"],
}


def install_db_guard(connection: BaseDatabaseWrapper) -> None:
    """Triggers that refuse UPDATE and DELETE on the audit log, for the databases Hamdel runs on."""
    with connection.cursor() as cursor:
        for statement in GUARD_SQL.get(connection.vendor, []):
            cursor.execute(statement)


def remove_db_guard(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in UNGUARD_SQL.get(connection.vendor, []):
            cursor.execute(statement)
