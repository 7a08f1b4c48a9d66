"""The channels Hamdel speaks, one line each. Adding a channel: its folder with a spec.py, and a line here.

Lines are dotted paths, read when the connectors app starts (like INSTALLED_APPS): the channels import the
pipeline, and the pipeline finds their parsers here, so a static import would close a cycle. `load()`
also tells `hamdel.core.channels` about each channel, which is where conversations, customers, feedback
and the pages read names, labels, icons and "log only" from.
"""

from __future__ import annotations

from django.utils.module_loading import import_string

from hamdel.connectors.spec import ChannelSpec, Parser, Sender
from hamdel.core import channels

CHANNELS = (
    "hamdel.connectors.email.spec.EMAIL",
    "hamdel.connectors.chat.spec.CHAT",
    "hamdel.connectors.webform.spec.WEB_FORM",
    "hamdel.connectors.bots.spec.TELEGRAM",
    "hamdel.connectors.bots.spec.BALE",
    "hamdel.connectors.sms.spec.SMS",
    "hamdel.connectors.phone.spec.PHONE",
    "hamdel.connectors.social.spec.SOCIAL",
    "hamdel.connectors.walk_in.spec.WALK_IN",
    "hamdel.connectors.generic.spec.API",
)

_specs: dict[str, ChannelSpec] = {}


def register(spec: ChannelSpec) -> None:
    _specs[spec.name] = spec
    channels.add(spec.info())


def unregister(name: str) -> None:
    _specs.pop(name, None)
    channels.remove(name)


def load() -> None:
    """Import every listed spec (ConnectorsConfig.ready calls this once)."""
    for path in CHANNELS:
        register(import_string(path))


def _ensure() -> None:
    if not _specs:
        load()


def specs() -> list[ChannelSpec]:
    _ensure()
    return list(_specs.values())


def spec_for(name: str) -> ChannelSpec | None:
    _ensure()
    return _specs.get(name)


def inbox_specs() -> list[ChannelSpec]:
    return [s for s in specs() if s.has_inbox]


def adapter_for(channel: str) -> Sender | None:
    spec = spec_for(channel)
    return spec.adapter() if spec else None


def parser_for(channel: str) -> Parser | None:
    spec = spec_for(channel)
    return spec.parse if spec else None
