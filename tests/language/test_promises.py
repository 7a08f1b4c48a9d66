"""The promise parser against a hand-checked table: what an agent writes → the due it names, or nothing.

«Now» is Saturday 14 Azar 1405 (5 December 2026), 10:00 Tehran time, the first working day of the week.
Dates without a clock time end at 17:00 here (no calendar in `language`); business offsets are left to the
calendar (resolve() gives None).
"""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamdel.language.promises import (
    DAY,
    JALALI,
    OFFSET,
    VAGUE,
    WEEKDAY,
    find_promises,
    jalali_to_gregorian,
    number_value,
    resolve,
)

NOW = dt.datetime(2026, 12, 5, 10, 0)
D = dt.datetime
ZW = "\u200c"

# (sentence, kind of the time said, due as resolved without a calendar)
PROMISES: list[tuple[str, str, dt.datetime | None]] = [
    # day words, with and without a clock time
    ("تا فردا ساعت ۱۰ تماس می‌گیرم.", DAY, D(2026, 12, 6, 10, 0)),
    ("تا فردا ساعت ۱۰ تماس میگیرم", DAY, D(2026, 12, 6, 10, 0)),
    ("فردا صبح ساعت 9 با شما تماس می گیرم", DAY, D(2026, 12, 6, 9, 0)),
    ("همین امروز پیگیری می‌کنم.", DAY, D(2026, 12, 5, 17, 0)),
    ("تا فردا نتیجه را خبر می‌دهم", DAY, D(2026, 12, 6, 17, 0)),
    ("پس‌فردا بسته ارسال می‌شود.", DAY, D(2026, 12, 7, 17, 0)),
    ("پس فردا ساعت ۴ بعدازظهر خبرتان می‌کنم", DAY, D(2026, 12, 7, 16, 0)),
    ("تا آخر هفته مبلغ واریز می‌شود", DAY, D(2026, 12, 10, 17, 0)),
    ("هفته‌ی بعد کارشناس ما تماس خواهد گرفت و ما هم پیگیری خواهیم کرد", DAY, D(2026, 12, 17, 17, 0)),
    ("هفته بعد سفارشتان را ارسال می‌کنیم", DAY, D(2026, 12, 17, 17, 0)),
    ("امروز عصر به شما زنگ می‌زنم", DAY, D(2026, 12, 5, 17, 0)),
    ("فردا ظهر جواب می‌دهیم", DAY, D(2026, 12, 6, 12, 0)),
    # weekdays
    ("تا پنج‌شنبه پیگیری می‌کنم", WEEKDAY, D(2026, 12, 10, 17, 0)),
    ("تا پنجشنبه پیگیری میکنم", WEEKDAY, D(2026, 12, 10, 17, 0)),
    ("تا پنج شنبه ساعت ۱۲ پیگیری می کنم", WEEKDAY, D(2026, 12, 10, 12, 0)),
    ("سه‌شنبه با شما تماس می‌گیریم", WEEKDAY, D(2026, 12, 8, 17, 0)),
    ("شنبه‌ی آینده فاکتور اصلاح می‌شود", WEEKDAY, D(2026, 12, 12, 17, 0)),  # today is Saturday: next one
    # Jalali and absolute dates
    ("مبلغ تا ۱۵ فروردین واریز می‌شود", JALALI, D(2027, 4, 4, 17, 0)),
    ("تا ۲۰ آذر کالا به دستتان می‌رسد", JALALI, D(2026, 12, 11, 17, 0)),
    ("تا 1406/01/15 اشتراک شما تمدید می‌شود", JALALI, D(2027, 4, 4, 17, 0)),
    ("تا ۱۴۰۵/۰۹/۱۸ ساعت ۱۱ پاسخ می‌دهیم", JALALI, D(2026, 12, 9, 11, 0)),
    ("بیست و پنجم آذر ماه کارت جدید ارسال می‌شود", JALALI, D(2026, 12, 16, 17, 0)),
    ("تا 2026-12-20 بازپرداخت انجام می‌شود", "date", D(2026, 12, 20, 17, 0)),
    ("فاکتور رسمی تا فردا ساعت ۱۴ برایتان ایمیل می‌شود", DAY, D(2026, 12, 6, 14, 0)),
    # clock times alone
    ("تا ساعت ۴ بعدازظهر ارسال می‌شود", "clock", D(2026, 12, 5, 16, 0)),
    ("تا ظهر خبر می‌دهم", "clock", D(2026, 12, 5, 12, 0)),
    ("ساعت ۹ صبح تماس می‌گیرم", "clock", D(2026, 12, 6, 9, 0)),  # 09:00 has passed: tomorrow
    ("تا ساعت ۱۰:۳۰ بررسی می‌کنم", "clock", D(2026, 12, 5, 10, 30)),
    ("ساعت ۲ با شما تماس می‌گیریم", "clock", D(2026, 12, 5, 14, 0)),  # office talk: two in the afternoon
    # offsets, calendar and business, digits and words
    ("ظرف ۴۸ ساعت کاری بررسی می‌کنیم و خبر می‌دهیم", OFFSET, None),
    ("حداکثر ۳ روز کاری مبلغ به حسابتان واریز می‌شود", OFFSET, None),
    ("ظرف چهل و هشت ساعت آینده بسته به دستتان می‌رسد", OFFSET, D(2026, 12, 7, 10, 0)),
    ("تا ۲ ساعت دیگر تماس می‌گیرم", OFFSET, D(2026, 12, 5, 12, 0)),
    ("نیم ساعت دیگه بهتون زنگ می‌زنم", OFFSET, D(2026, 12, 5, 10, 30)),
    ("طی بیست و چهار ساعت آینده پیگیری می‌کنیم", OFFSET, D(2026, 12, 6, 10, 0)),
    ("ظرف ۳۰ دقیقه پاسخ می‌دهم", OFFSET, D(2026, 12, 5, 10, 30)),
    ("ظرف ٣ روز آینده بررسی خواهد شد", OFFSET, D(2026, 12, 8, 17, 0)),  # Arabic-Indic digit
    ("یک ساعت و نیم دیگر خبرتان می‌کنم", OFFSET, D(2026, 12, 5, 11, 30)),
    # someone of ours, in the third person; money coming back; the clause that commits
    ("همکارم فردا با شما تماس خواهد گرفت", DAY, D(2026, 12, 6, 17, 0)),
    ("کارشناس ما پس‌فردا ساعت ۱۱ تماس می‌گیرد", DAY, D(2026, 12, 7, 11, 0)),
    ("مبلغ ظرف ۷۲ ساعت به کارت شما برمی‌گردد", OFFSET, D(2026, 12, 8, 10, 0)),
    ("فردا تعطیل هستیم، ولی دوشنبه پیگیری می‌کنم.", WEEKDAY, D(2026, 12, 7, 17, 0)),
    ("پیگیری می‌کنم و تا عصر خبر می‌دهم", "clock", D(2026, 12, 5, 17, 0)),
    ("حتما امشب تماس میگیرم", DAY, D(2026, 12, 5, 21, 0)),
    # vague
    ("به‌زودی با شما تماس می‌گیریم.", VAGUE, None),
    ("به زودی پیگیری می‌کنم", VAGUE, None),
    ("در اولین فرصت بررسی می‌کنیم", VAGUE, None),
    ("هرچه سریع‌تر ارسال می‌شود", VAGUE, None),
    ("هر چه سریعتر خبر می‌دهیم", VAGUE, None),
    ("بعداً پیگیری می‌کنم", VAGUE, None),
    ("بعدا بهتون خبر میدم", VAGUE, None),
    ("در اسرع وقت رسیدگی می‌شود", VAGUE, None),
]

# Sentences that name a time but commit us to nothing: questions, the customer's words, the past, negations.
NOT_PROMISES = [
    "آیا تا فردا تماس می‌گیرید؟",
    "تا فردا ساعت ۱۰ تماس می‌گیرید؟",
    "چه زمانی می‌توانید فردا تماس بگیرید",
    "کی می‌توانم تا پنج‌شنبه جواب بگیرم؟",
    "شما گفتید تا فردا واریز می‌کنید",
    "فرمودید پنج‌شنبه در دسترس هستید",
    "لطفاً تا فردا ساعت ۱۰ با ما تماس بگیرید",
    "سفارش شما دیروز ساعت ۱۰ ارسال شد",
    "ساعت کاری ما ۹ تا ۱۷ است",
    "متاسفانه تا فردا ارسال نمی‌شود",
    "نمی‌توانیم تا پنج‌شنبه پیگیری کنیم",
    "من فردا تعطیل هستم",
    "۳ روز پیش درخواست شما ثبت شد",
    "می‌دانم که تا فردا منتظر بودید",
    "مشتری نوشته بود: «تا فردا پول را واریز می‌کنم»",
    "> تا فردا تماس می‌گیرم",
    "با تشکر از صبر شما",
    "نمی‌دانم تا فردا ارسال می‌شود یا نه",
    "امیدوارم تا فردا مشکل حل شود",
    "شاید پنج‌شنبه تماس بگیریم",
    "لطفاً بفرمایید چه ساعتی تماس بگیریم؟",
    "",
]


@pytest.mark.parametrize(("sentence", "kind", "due"), PROMISES)
def test_a_commitment_with_a_time_is_found_and_resolved(
    sentence: str, kind: str, due: dt.datetime | None
) -> None:
    # given an agent's sentence  # when it is read
    found = find_promises(sentence)
    # then it is one promise due when the table says
    assert len(found) == 1, sentence
    mention = found[0]
    assert mention.when.kind == kind, (sentence, mention.when)
    assert resolve(mention.when, NOW) == due, sentence
    assert sentence[mention.start : mention.end] == mention.text
    assert sentence[mention.when_start : mention.when_end] == mention.when_text
    assert mention.when_text.strip() and mention.when_text in mention.text


@pytest.mark.parametrize("sentence", NOT_PROMISES)
def test_questions_customer_words_and_negations_are_not_promises(sentence: str) -> None:
    assert find_promises(sentence) == []


def test_business_offsets_are_left_to_the_calendar() -> None:
    [mention] = find_promises("ظرف ۴۸ ساعت کاری بررسی می‌کنیم")
    assert (mention.when.amount, mention.when.unit, mention.when.business) == (48, "hour", True)
    assert mention.when.needs_calendar and resolve(mention.when, NOW) is None
    [days] = find_promises("حداکثر ۳ روز کاری واریز می‌شود")
    assert (days.when.amount, days.when.unit, days.when.business) == (3, "day", True)


def test_spans_point_into_the_original_text_whatever_the_spelling() -> None:
    # given a reply with a greeting, Arabic letters, diacritics, a doubled space and a half-space
    text = "سلام  خانم رضايي.\nبعداً  پيگيري مي‌كنم؛ تا فردا ساعت ۱۰ با شما تماس می‌گیرم. ممنون"
    found = find_promises(text)
    # then each sentence is found, and its spans cut the original text exactly
    assert [m.when.kind for m in found] == [VAGUE, DAY]
    assert found[0].when_text == "بعداً"
    assert found[1].text == "تا فردا ساعت ۱۰ با شما تماس می‌گیرم."
    assert found[1].when_text == "فردا ساعت ۱۰"
    for m in found:
        assert text[m.start : m.end] == m.text


def test_one_reply_with_several_promises_keeps_them_apart() -> None:
    text = "امروز مدارک را بررسی می‌کنم. تا پنج‌شنبه هم کالا ارسال می‌شود! آیا آدرس درست است؟"
    found = find_promises(text)
    assert [(m.when.kind, resolve(m.when, NOW)) for m in found] == [
        (DAY, D(2026, 12, 5, 17, 0)),
        (WEEKDAY, D(2026, 12, 10, 17, 0)),
    ]


def test_a_passed_jalali_day_means_next_year() -> None:
    [mention] = find_promises("تا ۱۰ آذر پیگیری می‌کنم")  # 10 Azar 1405 has passed on 14 Azar
    assert resolve(mention.when, NOW) == D(2027, 12, 1, 17, 0)  # 10 Azar 1406


def test_end_of_day_is_the_callers_to_choose() -> None:
    [mention] = find_promises("تا فردا خبر می‌دهیم")
    assert not mention.when.has_time
    assert resolve(mention.when, NOW, end_of_day=dt.time(13, 0)) == D(2026, 12, 6, 13, 0)


@pytest.mark.parametrize(
    ("word", "value"),
    [("یک", 1), ("دوازده", 12), ("بیست و چهار", 24), ("سی", 30), ("چهل و هشت", 48), ("۴۸", 48)],
)
def test_number_words(word: str, value: int) -> None:
    from hamdel.language.normalize import normalize

    assert number_value(normalize(word)) == value


@pytest.mark.parametrize(
    ("y", "m", "d"),
    [(1405, 12, 29), (1406, 1, 1), (1403, 12, 30), (1406, 1, 13), (1404, 6, 31), (1300, 1, 1)],
)
def test_jalali_conversion_agrees_with_jdatetime(y: int, m: int, d: int) -> None:
    assert jalali_to_gregorian(y, m, d) == jdatetime.date(y, m, d).togregorian()


def test_the_table_is_big_enough_and_spelled_both_ways() -> None:
    assert len(PROMISES) + len(NOT_PROMISES) >= 40
    # Each spelling of «می‌کنم» people type is in the table on its own: with the half-space, with a space,
    # and joined.
    assert any(ZW in s for s, _, _ in PROMISES)
    assert any("می " in s for s, _, _ in PROMISES)
    assert any("میک" in s for s, _, _ in PROMISES)


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("فردا ساعت ۱۰", D(2026, 12, 6, 10, 0)),
        ("۱۴۰۵/۰۹/۲۰ ساعت ۱۴", D(2026, 12, 11, 14, 0)),
        ("پنج‌شنبه", D(2026, 12, 10, 17, 0)),
        ("۲ ساعت دیگر", D(2026, 12, 5, 12, 0)),
    ],
)
def test_a_time_phrase_alone_is_read_for_the_manual_form(phrase: str, due: dt.datetime) -> None:
    from hamdel.language.promises import read_when

    when = read_when(phrase)
    assert when is not None and resolve(when, NOW) == due
    assert read_when("سلام") is None


NOISE = st.sampled_from(["", " ", "  ", "\u200c", "ً", "ـ", "\n", "!", "😊 ", "\u200f"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            # a «>» quote is a line's start: not one to glue after other sentences
            st.sampled_from([s for s, _, _ in PROMISES] + [s for s in NOT_PROMISES if not s.startswith(">")]),
            NOISE,
        ),
        max_size=4,
    )
)
def test_spans_always_cut_the_original_text(parts: list[tuple[str, str]]) -> None:
    # given replies made of table sentences with stray spaces, marks and emoji between them
    text = "".join(noise + sentence + ". " for sentence, noise in parts)
    found = find_promises(text)
    # then each promise of the table is found once, whatever surrounds it
    assert len(found) == sum(1 for sentence, _noise in parts if sentence not in NOT_PROMISES)
    for m in found:
        # then every span cuts the original text exactly, the time inside its sentence
        assert text[m.start : m.end] == m.text and text[m.when_start : m.when_end] == m.when_text
        assert m.start <= m.when_start < m.when_end <= m.end
