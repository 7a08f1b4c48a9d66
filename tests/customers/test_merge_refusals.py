"""A merge that would lose track of a person is refused and changes nothing: merging back the other way
(a loop), or merging a record that already points to another one."""

from __future__ import annotations

import pytest

from hamdel.conversations.models import Conversation
from hamdel.core.errors import ApplicationError
from hamdel.customers.models import Customer
from hamdel.customers.services import customer_merge, customer_resolve


@pytest.fixture
def two(inbound) -> tuple[Customer, Customer]:
    a = Conversation.objects.get(pk=inbound("x", address="a@x.ir", thread_key="a").conversation_id).customer
    b = Conversation.objects.get(pk=inbound("y", address="b@x.ir", thread_key="b").conversation_id).customer
    return a, b


def test_merging_back_the_other_way_is_refused(two, agent):
    """Given A merged into B, when someone (from a page opened before) merges B into A, then it is refused
    and a new message from A's address still reaches B (no loop that never ends)."""
    a, b = two
    customer_merge(source=a, target=b, actor=agent)
    stale_b = Customer.objects.get(pk=b.pk)
    stale_a = Customer.objects.get(pk=a.pk)
    stale_a.merged_into = None  # the page was opened before the first merge
    with pytest.raises(ApplicationError) as refused:
        customer_merge(source=stale_b, target=stale_a, actor=agent)
    assert refused.value.code == "already_merged"
    assert refused.value.message == "این مشتری پیش‌تر در مشتری دیگری ادغام شده است."
    assert Customer.objects.get(pk=b.pk).merged_into_id is None
    assert customer_resolve(kind="email", address="a@x.ir") == b


def test_a_record_already_merged_cannot_be_merged_again(two, inbound, agent):
    a, b = two
    c = Conversation.objects.get(pk=inbound("z", address="c@x.ir", thread_key="c").conversation_id).customer
    customer_merge(source=a, target=b, actor=agent)
    with pytest.raises(ApplicationError) as refused:
        customer_merge(source=Customer.objects.get(pk=a.pk), target=c, actor=agent)
    assert refused.value.code == "already_merged"
    assert Customer.objects.get(pk=a.pk).merged_into_id == b.pk
    assert c.conversations.count() == 1
