"""Parameter types every API router shares, so that no id, page or count reaches the database unchecked.

A 20-digit id, `?page=2e17` or a negative count used to overflow the database integer and answer 500;
with these types the API refuses them with 422 before any query runs, and the OpenAPI schema says so.
"""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import AfterValidator, BaseModel

from hamdel.core.http import MAX_ID, form_id

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 1000

DbId = Annotated[int, Field(ge=1, le=MAX_ID, description="a row id")]
"""A row id in a path, query or body: 1 … 2⁶³−1 (the database's big integer)."""

OptionalDbId = Annotated[int, Field(ge=0, le=MAX_ID, description="a row id, or 0 for none")]
"""A row id where 0 means "none" (unassign, remove the team)."""


def _id_filter(value: str) -> str:
    """A row id typed into a filter, in Latin, Persian or Arabic-Indic digits; "" and "none" pass as is."""
    text = value.strip()
    if text in {"", "none"}:
        return text
    number = form_id(text)
    if number is None:
        raise ValueError("not a row id: digits 1 to 9223372036854775807, or 'none'")
    return str(number)


IdFilter = Annotated[str, AfterValidator(_id_filter)]
"""A query-string filter naming a row ("۱۲" or "12"); «²», text or 20 digits are refused with 422."""


class Pages(PageNumberPagination):
    """ninja's page-number pagination with a ceiling on `page`: (page − 1) × size must fit a query offset."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)


def inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A pydantic model's JSON schema with its `$defs` written in place, for `openapi_extra` bodies.

    pydantic points nested models at `#/$defs/Name`, which inside an OpenAPI document resolves against the
    document root, where no `$defs` exists: validators and generated clients failed on the /inbound body.
    """
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(
                    {**defs[ref.removeprefix("#/$defs/")], **{k: v for k, v in node.items() if k != "$ref"}}
                )
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)
