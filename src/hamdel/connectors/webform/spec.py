"""The guided web form: a public page with problem types; answers by e-mail or on a private tracking page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamdel.connectors.models import Inbox
from hamdel.connectors.spec import ChannelSpec
from hamdel.connectors.webform.adapter import WebFormAdapter
from hamdel.connectors.webform.parse import parse_form


def endpoints(inbox: Inbox, base: str) -> list[tuple[str, str]]:
    return [(_("Public form"), base + reverse("connectors:form", args=[inbox.key]))]


WEB_FORM = ChannelSpec(
    name="web_form",
    label=gettext_lazy("Web form"),
    icon="📝",
    identity_kind="",  # the customer may leave an e-mail address; the adapter decides
    parse=parse_form,
    sender=WebFormAdapter(),
    columns=("greeting", "problem_types"),
    endpoints=endpoints,
)
