"""A canned reply never reaches a customer with a hole in it («سلام  عزیز»); a misspelt variable is named."""

from __future__ import annotations

import pytest

from hamdel.conversations import services
from hamdel.conversations.canned_text import fill, unknown_variables
from hamdel.conversations.models import CannedReply, Conversation

FULL = {
    "customer.name": "علی رضایی",
    "customer.first_name": "علی",
    "agent.name": "سارا",
    "conversation.number": "7",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سلام {{customer.first_name}} عزیز، چطور کمک کنم؟", "سلام، چطور کمک کنم؟"),
        ("سلام {{ customer.first_name }} جان!", "سلام!"),
        ("{{customer.name}} گرامی، سفارش شما رسید.", "سفارش شما رسید."),
        ("سلام جناب آقای {{customer.last_name}}،\nپیگیری می‌کنم.", "سلام،\nپیگیری می‌کنم."),
        ("سلام خانم {{customer.last_name}} ، ، خوبید؟", "سلام، خوبید؟"),
        ("سفارش ({{customer.organisation}}) ثبت شد.", "سفارش ثبت شد."),
        ("سلام {{customer.first_name|دوست}} عزیز", "سلام دوست عزیز"),
        ("سلام {{customer.first_name|}} عزیز", "سلام"),
        ("[[{{customer.name}} عزیز، ]]سلام", "سلام"),
        ("{{customer.name}}\nسلام", "سلام"),
    ],
)
def test_a_missing_value_leaves_no_hole(text: str, expected: str) -> None:
    # given a customer we know nothing about
    values = {"agent.name": "سارا", "conversation.number": "7"}
    # when the reply is filled
    filled = fill(text, values).text
    # then it reads as written Persian: no double space, no orphan comma, no dangling «عزیز»
    assert filled == expected
    assert "  " not in filled and "{" not in filled


def test_known_values_are_used_and_fallbacks_wait() -> None:
    text = (
        "سلام {{customer.first_name|مشتری}} عزیز، من {{agent.name}} هستم[[ از تیم {{team.name}}]]."
        " (#{{conversation.number}})"
    )
    filled = fill(text, FULL)
    assert filled.text == "سلام علی عزیز، من سارا هستم. (#7)"
    assert filled.missing == ["team.name"]


def test_the_old_single_brace_form_keeps_its_fallback(agent, inbound) -> None:
    conv = Conversation.objects.get(pk=inbound(customer_name="").conversation_id)
    canned = CannedReply.objects.create(
        title="t", shortcut="t", text="سلام {customer_name} عزیز، {agent_name} هستم"
    )
    assert (
        services.render_canned(canned=canned, conversation=conv, agent=agent) == "سلام مشتری عزیز، سارا هستم"
    )


def test_rendering_for_a_conversation_reads_its_customer_agent_and_number(agent, inbound) -> None:
    conv = Conversation.objects.get(pk=inbound(customer_name="مریم احمدی").conversation_id)
    text = "{{customer.first_name}} عزیز، {{agent.first_name}} هستم؛ پرونده {{conversation.number}}"
    filled = services.render_canned_preview(text=text, conversation=conv, agent=agent)
    assert filled.text == f"مریم عزیز، سارا هستم؛ پرونده {conv.number}"
    assert filled.missing == []


def test_an_automation_rule_without_an_agent_still_reads_well(inbound) -> None:
    conv = Conversation.objects.get(pk=inbound(customer_name="").conversation_id)
    canned = CannedReply(text="سلام {{customer.first_name}} عزیز، [[من {{agent.name}} هستم. ]]پیگیری می‌کنیم.")
    assert services.render_canned(canned=canned, conversation=conv, agent=None) == "سلام، پیگیری می‌کنیم."


def test_unknown_variables_are_named() -> None:
    assert unknown_variables("سلام {{customer.firstname}} {{نام}} {customer_name} {{agent.name}}") == [
        "customer.firstname",
        "نام",
    ]


def test_old_names_work_in_double_braces_too() -> None:
    filled = fill(
        "سلام {{customer_name}} عزیز، {{ agent_name }} هستم ({{conversation_number}})", {"agent.name": "سارا"}
    )
    assert filled.text == "سلام مشتری عزیز، سارا هستم"
    assert unknown_variables("{{customer_name}} {agent_name|ما}") == []
