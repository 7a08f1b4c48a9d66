"""The REST API at /api/v1/: API-key or session auth, one error shape {"message", "extra"}."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from hamdel.accounts.services import api_key_authenticate
from hamdel.core.errors import ApplicationError
from hamdel.core.permissions import role_of


def _staff(user: Any) -> Any:
    """Only an account whose role the permission table knows speaks to the API; others read nothing.

    The key or session is valid, so the answer is 403 `forbidden`, not 401.
    """
    if user and role_of(user) is None:
        raise PermissionDenied("no role")
    return user


class BearerKey(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = api_key_authenticate(token)
        if key and _staff(key.user):
            request.user = key.user
            return key.user
        return None


class HeaderKey(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        found = api_key_authenticate(key or "")
        if found and _staff(found.user):
            request.user = found.user
            return found.user
        return None


class StaffSession(SessionAuth):
    """The browser's session (with its CSRF token), for staff whose role the table knows."""

    def _get_key(self, request: HttpRequest) -> str | None:
        """No signed-in session: nothing to forge, so skip the CSRF check and let the request answer 401.

        ninja checks CSRF first, so a write without any credentials answered `403 CSRF check Failed`.
        """
        if not request.user.is_authenticated:
            return None
        try:
            return super()._get_key(request)
        except HttpError:
            raise HttpError(403, _("The form has expired (CSRF check failed): reload the page.")) from None

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _staff(super().authenticate(request, key))


class HamdelAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI schema tells the truth about refusals: every operation may answer a 4xx
    in the one error shape (schemathesis checks each response against this document)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault(
                    "4XX",
                    {
                        "description": "refused: a translated message and a stable code",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
        return schema


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Error",
    "required": ["message", "code", "extra"],
    "properties": {
        "message": {"type": "string", "description": "in the request's language (Persian by default)"},
        "code": {"type": "string", "description": "stable snake_case: unauthenticated, forbidden, invalid…"},
        "extra": {"type": "object", "description": "details, e.g. fields: [{field, message}]"},
    },
}

api = HamdelAPI(
    title="Hamdel API",
    version="1",
    description=(
        "Conversations, customers and messages of Hamdel. Authenticate with `Authorization: Bearer <key>`"
        " (make a key with `hamdel createapikey NAME`)."
    ),
    auth=[BearerKey(), HeaderKey(), StaffSession()],
    urls_namespace="api",
)


def _error(
    request: HttpRequest, message: str, extra: dict[str, Any], status: int, code: str = ""
) -> HttpResponse:
    """Every refusal has one shape: a translated `message`, a stable `code` and the `extra` details."""
    return api.create_response(request, error_body(message, extra, status, code), status=status)


def error_body(message: str, extra: dict[str, Any], status: int, code: str = "") -> dict[str, Any]:
    """The refusal's JSON (also written by the lean inbound front, config/front.py)."""
    code = code or {401: "unauthenticated", 403: "forbidden", 404: "not_found", 422: "invalid"}.get(
        status, "invalid"
    )
    return {"message": message, "code": code, "extra": extra}


@api.exception_handler(ApplicationError)
def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _error(request, _(exc.message), exc.extra, exc.status, exc.code)


def _field_name(loc: tuple | list) -> str:
    """ninja reports ("body", "body", "text"); integrators want "text"."""
    parts = [str(p) for p in loc]
    while parts and parts[0] in {"body", "query", "path"}:
        parts.pop(0)
    return ".".join(parts) or "body"


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if exc.errors and all(tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors):
        # /conversations/AAA or a 20-digit id names no row that could exist: not found, like any other
        return _error(request, _("Not found."), {}, 404)
    fields = [{"field": _field_name(e.get("loc", ())), "message": e.get("msg", "")} for e in exc.errors]
    return _error(request, _("The request is not valid."), {"fields": fields}, 422)


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, _("Authentication required: send a valid API key."), {}, 401)


BUSY_SIGNS = (
    "database is locked",
    "too many clients",
    "too many connections",
    "couldn't get a connection",
    "deadlock detected",  # PostgreSQL refused this transaction to break a deadlock: a retry succeeds
)
RETRY_AFTER_SECONDS = 2


def is_busy(exc: OperationalError) -> bool:
    return any(sign in str(exc).lower() for sign in BUSY_SIGNS)


@api.exception_handler(OperationalError)
def database_busy(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """Backpressure (issue 11): when the database itself cannot keep up (SQLite still locked after its busy
    timeout, PostgreSQL out of connections or the pool empty), say 429 with Retry-After; nothing was
    acknowledged, and a retry with the same external_id is idempotent. Other database errors stay 500s."""
    if not is_busy(exc):
        raise exc
    response = _error(
        request, _("The server is busy; retry shortly."), {"retry_after": RETRY_AFTER_SECONDS}, 429, "busy"
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, str(exc), {}, exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, _("Not found."), {}, 404)


@api.exception_handler(ObjectDoesNotExist)
def does_not_exist(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, _("Not found."), {}, 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, _("You do not have permission to do this."), {}, 403)


def _mount() -> None:
    from hamdel.accounts.api import router as accounts_router
    from hamdel.automation.api import router as automation_router
    from hamdel.bot.api import router as bot_router
    from hamdel.coach.api import router as coach_router
    from hamdel.connectors.api import router as connectors_router
    from hamdel.conversations.api import router as conversations_router
    from hamdel.customers.api import router as customers_router
    from hamdel.customers.orders_api import router as orders_router
    from hamdel.feedback.api import router as feedback_router
    from hamdel.insights.api import router as insights_router
    from hamdel.insights.problems.api import router as problems_router
    from hamdel.knowledge.api import router as knowledge_router
    from hamdel.policies.api import router as policies_router

    api.add_router("/", connectors_router)
    api.add_router("/", conversations_router)
    api.add_router("/customers", customers_router)
    api.add_router("/orders", orders_router)
    api.add_router("/", accounts_router)
    api.add_router("/", feedback_router)
    api.add_router("/", policies_router)
    api.add_router("/", coach_router)
    api.add_router("/", automation_router)
    api.add_router("/kb", knowledge_router)
    api.add_router("/bot", bot_router)
    api.add_router("/", insights_router)
    api.add_router("/", problems_router)


_mount()
