"""The public events a subscription may hear, read from the event declarations themselves.

Every event class with a `public` name (`hamdel.core.events`) is offered: the catalogue in docs/webhooks.md,
the API's validation and the settings page all come from `public_events()`, so a new declared event is a
webhook event without touching this app. Declarations are registered when each app's `events` module is
imported (from its AppConfig.ready()); automation is listed after every publishing app in INSTALLED_APPS.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from typing import Any

from django.utils.translation import gettext_lazy as _

from hamdel.core.events import Event, declared
from hamdel.core.slots import snapshot_for, snapshots_all

# What an admin reads beside each event name on the settings form; a name missing here shows as itself.
LABELS: dict[str, Any] = {
    "message.received": _("A customer's message arrived"),
    "conversation.created": _("A conversation was created"),
    "conversation.updated": _("A conversation changed"),
    "conversation.resolved": _("A conversation was resolved"),
    "sla.warning": _("An SLA target is close"),
    "sla.breached": _("An SLA target was missed"),
    "survey.answered": _("A survey was answered"),
    "promise.due": _("A promise falls due"),
    "order.created": _("An order was created"),
    "order.delivered": _("An order was delivered"),
    "return.opened": _("A return was opened"),
    "return.updated": _("A return moved on"),
    "remedy.offered": _("A remedy was offered"),
    "remedy.approved": _("A remedy was approved"),
    "remedy.rejected": _("A remedy was rejected"),
    "remedy.fulfilled": _("A remedy was carried out"),
}


def event_label(public: str) -> Any:
    return LABELS.get(public, public)


def public_events() -> dict[str, type[Event]]:
    """Public name → event class, sorted by name."""
    found = {cls.public: cls for cls in declared().values() if cls.public}
    return dict(sorted(found.items()))


def _type_name(annotation: Any) -> str:
    """The JSON type a receiver sees: tuples arrive as lists, `X | None` as "X or null"."""
    if isinstance(annotation, str):
        text = annotation
    elif typing.get_origin(annotation) is not None or " | " in str(annotation):
        text = str(annotation)
    else:
        text = getattr(annotation, "__name__", str(annotation))
    text = text.replace("typing.", "").replace("tuple[int, ...]", "list[int]").replace("tuple", "list")
    return text.replace(" | None", " or null").replace("NoneType", "null")


def event_fields(cls: type[Event]) -> list[tuple[str, str]]:
    """(field, type) of the event's payload, as the declaration states them."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # a forward reference we cannot evaluate: fall back to the raw annotation
        hints = {}
    return [(f.name, _type_name(hints.get(f.name, f.type))) for f in dataclasses.fields(cls)]


def event_snapshots(cls: type[Event]) -> list[str]:
    """The snapshot keys a delivery of this event adds to `data` (see `core.slots.snapshots_expand`)."""
    keys: list[str] = []
    pending = [name for name, _kind in event_fields(cls)]
    for _round in range(2):
        found: list[str] = []
        for field_name in pending:
            snapshot = snapshot_for(field_name)
            if snapshot is None or snapshot.key in keys:
                continue
            keys.append(snapshot.key)
            found.extend(getattr(snapshot.schema, "model_fields", {}))
        pending = found
    return keys


def _shape(annotation: Any) -> str:
    """A schema field's JSON shape for the docs: nested objects spelled out as {field, …}."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    nullable = len(args) < len(typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return _shape(args[0]) + (" or null" if nullable else "")
    if typing.get_origin(annotation) is list and args:
        return f"list of {_shape(args[0])}"
    fields = getattr(annotation, "model_fields", None)
    if fields:
        return "{" + ", ".join(f"{name}: {_shape(f.annotation)}" for name, f in fields.items()) + "}"
    if annotation is typing.Any:
        return "any"
    if annotation is dt.datetime:
        return "time (ISO 8601, UTC)"
    return _type_name(annotation)


def snapshots_markdown() -> str:
    """One table per snapshot kind that some public event carries, from its registered schema."""
    keys = sorted({key for cls in public_events().values() for key in event_snapshots(cls)})
    by_key = {s.key: s for s in snapshots_all()}
    lines: list[str] = []
    for key in keys:
        snapshot = by_key.get(key)
        if snapshot is None or snapshot.schema is None:
            continue
        doc = " ".join((snapshot.schema.__doc__ or "").split())
        lines += ["", f"#### `{key}` (from `{snapshot.id_field}`)", ""]
        if doc and not doc.startswith(snapshot.schema.__name__ + "("):
            lines += [doc, ""]
        lines += ["| field | type |", "|---|---|"]
        for name, info in snapshot.schema.model_fields.items():
            lines.append(f"| `{name}` | {_shape(info.annotation).replace('|', '\\|')} |")
    return "\n".join(lines) + "\n"


def catalogue_markdown() -> str:
    """The event catalogue of docs/webhooks.md (a test keeps the doc equal to this)."""
    lines = [
        "| event | ids in `data` | snapshots added to `data` | what happened |",
        "|---|---|---|---|",
    ]
    for public, cls in public_events().items():
        fields = ", ".join(f"`{name}`: {kind}" for name, kind in event_fields(cls)) or "—"
        snaps = ", ".join(f"`{key}`" for key in event_snapshots(cls)) or "—"
        doc = " ".join((cls.__doc__ or "").split()).replace("|", "\\|")
        if not doc or doc.startswith(
            cls.__name__ + "("
        ):  # the dataclass's generated signature, not a description
            doc = "—"
        lines.append(f"| `{public}` | {fields} | {snaps} | {doc} |")
    lines += ["", "### Snapshots"]
    return "\n".join(lines) + "\n" + snapshots_markdown()
