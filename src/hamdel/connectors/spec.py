"""The one declaration of a channel: everything Hamdel needs to know about it, in `connectors/<kind>/spec.py`.

A spec names the channel and its Persian label, says how a customer is reached (identity kind), how a raw
payload becomes an `InboundMessage` (parser), how a reply leaves (sender) or that it is only recorded
(`log_only`), which settings its inbox has and which of them are secret, what the admin pastes where,
and how its public webhook is checked. `connectors/registry.py` lists the specs; nothing else does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.translation import gettext_lazy as _

from hamdel.conversations.types import DeliveryResult, InboundMessage, OutboundMessage
from hamdel.core.channels import ChannelInfo

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest

    from hamdel.connectors.models import Inbox

# A parser reads the stored payload and the envelope's headers (which name the inbox it came through).
Parser = Callable[[str, dict[str, Any]], InboundMessage]


class Sender(Protocol):
    def send(self, message: OutboundMessage) -> DeliveryResult: ...


class WebhookRefused(Exception):
    """A webhook call that is not the provider's (wrong secret) or not usable; `status` is the answer."""

    def __init__(self, message: str, status: int = 400, code: str = "") -> None:
        super().__init__(message)
        self.message, self.status = message, status
        self.code = code or status_code_name(status)


_CODES = {
    400: "invalid",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "rate_limited",
}


def status_code_name(status: int) -> str:
    """The stable `code` of a public endpoint's refusal when the refusal names none (as the API does)."""
    return _CODES.get(status, "invalid")


class LoggedSender:
    """Log-only channels: the agent answered in person or on the phone, so recording it is the delivery."""

    def send(self, message: OutboundMessage) -> DeliveryResult:
        return DeliveryResult(ok=True, provider_id="logged")


@dataclass(frozen=True)
class ChannelSpec:
    name: str  # stored on conversations and messages; never rename one
    label: Any  # gettext_lazy, with its Persian translation in connectors/locale
    icon: str
    identity_kind: str  # customers.IdentityKind a reply goes to (email, phone, telegram, …)
    parse: Parser
    sender: Sender | None = None  # None only with log_only=True
    log_only: bool = False
    has_inbox: bool = True  # offered on the channel settings page
    # Settings of the inbox: existing Inbox columns, then extra form fields kept in Inbox.options (or,
    # when secret, encrypted in Inbox.secret_options), so a new channel needs no migration.
    columns: tuple[str, ...] = ()
    fields: Mapping[str, Callable[[], forms.Field]] = field(default_factory=dict)
    secret_fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    ltr_fields: tuple[str, ...] = ()
    # (label, value) pairs the admin pastes into the provider's console, given the inbox and the public URL.
    endpoints: Callable[[Inbox, str], list[tuple[str, str]]] | None = None
    # Public webhook at /channels/hook/<name>/<inbox key>/: check the sender, return the payload to store.
    webhook: Callable[[Inbox, HttpRequest], str] | None = None

    def __post_init__(self) -> None:
        if self.sender is None and not self.log_only:
            raise ValueError(f"channel {self.name!r} needs a sender or log_only=True")

    def info(self) -> ChannelInfo:
        return ChannelInfo(
            name=self.name,
            label=self.label,
            icon=self.icon,
            identity_kind=self.identity_kind,
            log_only=self.log_only,
            sent_label=LOGGED if self.log_only else None,
            has_inbox=self.has_inbox,
        )

    def adapter(self) -> Sender:
        return self.sender or LoggedSender()

    @property
    def settings(self) -> tuple[str, ...]:
        return (*self.columns, *self.fields)


LOGGED = _("Logged")
