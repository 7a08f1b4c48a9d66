"""The shield API (mounted under /api/v1/). Thin: parse, call one action, answer.

The masked text itself is on every message (`masked_text`, `analysis.abusive`) in the conversations API.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from hamdel.coach.shield import services
from hamdel.coach.shield.models import ShieldSettings
from hamdel.conversations.selectors import conversation_by_id
from hamdel.core.api_types import DbId

router = Router(tags=["coach"])


class ShieldSettingsIO(Schema):
    route_team_id: Any = Field(
        None, description="a team id, or null", json_schema_extra={"type": ["integer", "null"]}
    )
    route_user_id: Any = Field(
        None,
        description="a staff member's id (a supervisor), or null",
        json_schema_extra={"type": ["integer", "null"]},
    )
    boundary_text: str = Field(..., description="the calm boundary message (at most 2,000 characters)")
    auto_boundary: bool = Field(False, description="send it automatically, once per abusive conversation")


class BoundarySent(Schema):
    message_id: int
    text: str


def _out(row: ShieldSettings) -> dict[str, Any]:
    return {
        "route_team_id": row.route_team_id,
        "route_user_id": row.route_user_id,
        "boundary_text": row.boundary_text,
        "auto_boundary": row.auto_boundary,
    }


@router.get("/coach/shield/settings", response=ShieldSettingsIO)
def shield_settings(request: HttpRequest) -> dict[str, Any]:
    return _out(services.shield_settings_read(actor=request.user))


@router.put("/coach/shield/settings", response=ShieldSettingsIO)
def shield_settings_update(request: HttpRequest, body: ShieldSettingsIO) -> dict[str, Any]:
    row = services.shield_settings_update(
        actor=request.user,
        route_team_id=body.route_team_id,
        route_user_id=body.route_user_id,
        boundary_text=body.boundary_text,
        auto_boundary=body.auto_boundary,
    )
    return _out(row)


@router.post("/conversations/{conversation_id}/boundary", response={201: BoundarySent})
def boundary_send(request: HttpRequest, conversation_id: DbId) -> tuple[int, dict[str, Any]]:
    """Send the customer the calm boundary message (through the outbox, like any reply)."""
    conv = conversation_by_id(conversation_id=conversation_id, user=request.user)
    message = services.shield_boundary_send(conversation=conv, actor=request.user)
    return 201, {"message_id": message.pk, "text": message.text}
