"""Persian search: half-spaces, Arabic letters and digits all match each other (FTS5 / PostgreSQL)."""

import pytest

from hamdel.conversations.selectors import InboxFilters, conversation_list


def _search(user, q):
    return set(
        conversation_list(user=user, filters=InboxFilters(view="all", q=q)).values_list("subject", flat=True)
    )


@pytest.mark.parametrize("query", ["می‌خواهم", "میخواهم", "می خواهم"])
def test_half_space_variants_find_each_other(inbound, agent, query):
    inbound("من کالا را پس می‌خواهم", subject="بازگشت", thread_key="a")
    inbound("من می خواهم سفارش را لغو کنم", subject="لغو", thread_key="b")
    inbound("ميخواهم رمزم را عوض کنم", subject="رمز", thread_key="c")  # Arabic ي
    inbound("ارسال کند است", subject="ارسال", thread_key="d")
    assert _search(agent, query) == {"بازگشت", "لغو", "رمز"}


def test_arabic_and_persian_letters_match(inbound, agent):
    inbound("كيفيت كالا خوب نبود", subject="کیفیت", thread_key="a")
    assert _search(agent, "کیفیت کالا") == {"کیفیت"}
    assert _search(agent, "كيفيت") == {"کیفیت"}


def test_persian_and_latin_digits_match(inbound, agent):
    inbound("کد سفارش ۴۸۲۹۱۷ هنوز نرسیده", subject="تاخیر", thread_key="a")
    inbound("order 123 is late", subject="latin", thread_key="b")
    assert _search(agent, "482917") == {"تاخیر"}
    assert _search(agent, "۱۲۳") == {"latin"}


def test_search_finds_customers_and_prefixes(inbound, agent):
    inbound("سلام", subject="اول", customer_name="مرتضی کاظمی", address="morteza@example.ir", thread_key="a")
    assert _search(agent, "کاظمی") == {"اول"}
    assert _search(agent, "morteza") == {"اول"}
    assert _search(agent, "کاظ") == {"اول"}  # prefix while typing


def test_all_words_must_match_and_filters_combine(inbound, agent):
    inbound("بسته دیر رسید", subject="دیر", thread_key="a", channel="email")
    inbound("بسته سالم رسید", subject="سالم", thread_key="b", channel="email")
    inbound(
        "بسته دیر رسید",
        subject="پیامک",
        thread_key="c",
        channel="sms",
        identity_kind="phone",
        address="09120000000",
    )
    assert _search(agent, "بسته دیر") == {"دیر", "پیامک"}
    filtered = conversation_list(user=agent, filters=InboxFilters(view="all", q="بسته دیر", channel=["sms"]))
    assert [c.subject for c in filtered] == ["پیامک"]


def test_search_by_conversation_number(inbound, agent):
    inbound("الف", subject="نخست", thread_key="a")
    inbound("ب", subject="دوم", thread_key="b")
    assert _search(agent, "#2") == {"دوم"}


def test_search_ignores_punctuation_only_queries(inbound, agent):
    inbound("الف", subject="نخست", thread_key="a")
    assert _search(agent, '"*()') == {"نخست"}
