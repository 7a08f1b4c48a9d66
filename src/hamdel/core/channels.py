"""The channels Hamdel knows: name, label, icon, how a customer is reached there, whether replies are logged.

A small registry at the bottom of the layers, so that `conversations`, `customers`, `feedback` and the page
templates can list, label and validate channels without importing `connectors` (DESIGN.md: `conversations`
never imports `connectors`). It holds no list of its own: each channel's spec in `connectors/<kind>/spec.py`
fills it in when the connectors app starts (`connectors/registry.py`), so adding a channel changes nothing
here and needs no migration — model fields use `choices=channels.choices`, a callable read at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChannelInfo:
    """What the rest of Hamdel may know about a channel (its spec in connectors/ knows the rest)."""

    name: str
    label: Any  # a lazy translation, shown in the reader's language
    icon: str = "•"
    # The customer identity kind (customers.IdentityKind) a reply on this channel goes to.
    identity_kind: str = "handle"
    # Replies are only recorded (given in person or on the phone): a "sent" delivery reads `sent_label`.
    log_only: bool = False
    sent_label: Any = None
    # Can be set up as an inbox on the channel settings page (the generic API channel cannot).
    has_inbox: bool = True


_channels: dict[str, ChannelInfo] = {}


def add(info: ChannelInfo) -> None:
    """Called by connectors' registry for each spec; registering the same name again replaces it."""
    _channels[info.name] = info


def remove(name: str) -> None:
    """Forget a channel (tests that register a toy channel clean up with this)."""
    _channels.pop(name, None)


def get(name: str) -> ChannelInfo | None:
    return _channels.get(name)


def all_channels() -> list[ChannelInfo]:
    return list(_channels.values())


def names() -> list[str]:
    return list(_channels)


def choices() -> list[tuple[str, Any]]:
    """(name, label) of every channel: the `choices=` of every model field that stores a channel."""
    return [(c.name, c.label) for c in _channels.values()]


def inbox_choices() -> list[tuple[str, Any]]:
    """The channels an admin can set up as an inbox."""
    return [(c.name, c.label) for c in _channels.values() if c.has_inbox]


def label(name: str) -> str:
    info = _channels.get(name)
    return str(info.label) if info else name


def icon(name: str) -> str:
    info = _channels.get(name)
    return info.icon if info else "•"


def is_log_only(name: str) -> bool:
    info = _channels.get(name)
    return bool(info and info.log_only)


def identity_kind(name: str) -> str | None:
    info = _channels.get(name)
    return info.identity_kind if info else None


def delivery_label(channel: str, status: str, default: str) -> str:
    """The state shown under a reply: «ثبت شد» (logged) for a log-only channel, else the delivery status."""
    info = _channels.get(channel)
    if status == "sent" and info is not None and info.log_only and info.sent_label is not None:
        return str(info.sent_label)
    return default
