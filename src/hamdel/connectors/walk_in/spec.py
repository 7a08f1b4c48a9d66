"""Walk-in visits: an agent logs the visit from the customer's page and answers at the counter."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from hamdel.connectors.spec import ChannelSpec
from hamdel.connectors.walk_in.parse import parse_walk_in

WALK_IN = ChannelSpec(
    name="walk_in",
    label=gettext_lazy("Walk-in"),
    icon="🚶",
    identity_kind="",  # no address of its own: a follow-up goes to the customer's phone
    parse=parse_walk_in,
    log_only=True,
)
