"""Reads refuse in the selector, not in the handler: an unknown id is a Persian 404 and a missing
permission is 403 through every door (API handler, page, panel) because the check lives in one place."""

from __future__ import annotations

from typing import Any

import pytest

from hamdel.coach.playbook import selectors as playbook
from hamdel.core.errors import Forbidden, NotFound
from hamdel.customers import selectors as customers
from hamdel.policies.returns import selectors as returns
from hamdel.policies.sla import selectors as sla
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_an_agent_cannot_list_sla_policies_or_api_keys_through_the_selectors(agent: Any) -> None:
    from hamdel.accounts import selectors as accounts

    with pytest.raises(Forbidden):
        sla.policy_list(actor=agent)
    with pytest.raises(Forbidden):
        accounts.api_key_list(actor=agent)


def test_unknown_ids_are_a_persian_404(agent: Any) -> None:
    for read in (
        lambda: customers.customer_get(actor=agent, pk=987654),
        lambda: returns.return_get(actor=agent, pk=987654),
        lambda: returns.order_withdrawal(actor=agent, order_id=987654),
        lambda: playbook.playbook_entry_by_id(actor=agent, entry_id=987654),
    ):
        with pytest.raises(NotFound):
            read()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/customers/987654", "چنین مشتری‌ای نیست."),
        ("/returns/987654", "چنین درخواست مرجوعی نیست."),
        ("/orders/987654/withdrawal", "چنین سفارشی نیست."),
    ],
)
def test_the_api_names_what_was_not_found(api: ApiClient, path: str, message: str) -> None:
    response = api.get(path)
    assert response.status_code == 404
    assert (response.json()["code"], response.json()["message"]) == ("not_found", message)
