"""The generic inbound channel: any system can post a customer's message."""

from django.http import HttpRequest
from ninja import Router, Schema

from hamdel.connectors.generic.parser import InboundIn
from hamdel.connectors.pipeline import receive

router = Router(tags=["inbound"])


class InboundOut(Schema):
    message_id: int
    conversation_id: int
    conversation_number: int
    created: bool


@router.post(
    "/inbound",
    response={200: InboundOut, 201: InboundOut},
    openapi_extra={
        "requestBody": {"content": {"application/json": {"schema": InboundIn.model_json_schema()}}}
    },
    summary="Receive a customer message from any channel",
)
def inbound(request: HttpRequest) -> tuple[int, InboundOut]:
    """201 when stored, 200 with the same ids when this (channel, external_id) was already stored.

    The raw body is kept as an envelope before it is parsed, so a bad payload is never lost.
    """
    headers = {
        k: v for k, v in request.headers.items() if k.lower() not in {"authorization", "cookie", "x-api-key"}
    }
    result = receive(source="api", payload=request.body, headers=headers)
    return (201 if result.created else 200), InboundOut(**result.__dict__)
