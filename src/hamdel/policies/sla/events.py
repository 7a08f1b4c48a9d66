"""The events the SLA clocks publish (rules and webhooks see them as `sla.warning` and `sla.breached`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class SlaWarning(Event):
    """A running target used its warning share (e.g. 80%) of the policy's minutes; once per target."""

    name: ClassVar[str] = "sla_warning"
    public: ClassVar[str] = "sla.warning"
    conversation_id: int
    policy_id: int
    target: str  # first_response | next_response | resolution
    due: str  # ISO-8601


@declare
@dataclass(frozen=True)
class SlaBreached(Event):
    """A target's due moment passed without the answer or the resolution; once per target."""

    name: ClassVar[str] = "sla_breached"
    public: ClassVar[str] = "sla.breached"
    conversation_id: int
    policy_id: int
    target: str
    due: str


@declare
@dataclass(frozen=True)
class SlaPoliciesChanged(Event):
    """A policy was added, changed or moved: open conversations choose their policy again."""

    name: ClassVar[str] = "sla_policies_changed"
