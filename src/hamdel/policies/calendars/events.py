"""The events the calendars feature publishes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from hamdel.core.events import Event, declare


@declare
@dataclass(frozen=True)
class CalendarChanged(Event):
    """A calendar's hours, holidays or exceptions changed: due times counted on it may move."""

    name: ClassVar[str] = "calendar_changed"
    calendar_id: int
