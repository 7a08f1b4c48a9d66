"""language.abuse: insults and threats found through their disguises; angry but polite words left alone."""

from __future__ import annotations

import time

import pytest

from hamdel.language import analyze
from hamdel.language.abuse import find, is_abusive, mask


@pytest.mark.parametrize(
    "text",
    [
        "احمق",
        "احمقققققق",  # repeated letters
        "ا ح م ق",  # spaced letters
        "ب ی ش ع و ر",
        "اح\u200cمق",  # ZWNJ inside
        "احمـــــق",  # kashida
        "اَحمَق",  # diacritics
        "ﺍﺣﻤﻖ",  # Arabic presentation forms
        "بي‌شعور",  # Arabic yeh
        "اح*مق",  # a symbol inside
        "اح1مق",  # a digit inside
        "بی شعور",  # written as two words
        "ahmagh",  # Finglish
        "a h m a g h",
        "4hmagh",  # a look-alike digit
        "khafe sho",
        "idiot",
        "می‌کشمت",  # threats
        "می کشمت",
        "حسابتو می‌رسم",
        "آتیش می‌زنم",
        "مغازه‌تونو آتیش می‌زنم",
        "پدرتونو درمیارم",
        "mikoshamet",
        "hesabeto miresam",
    ],
)
def test_insults_and_threats_are_found_through_their_disguises(text: str) -> None:
    assert is_abusive(text), text
    assert mask(text) == "***"


@pytest.mark.parametrize(
    "text",
    [
        "خیلی عصبانی‌ام، این افتضاحه، پولمو پس بدید",
        "پشتیبانی شما افتضاحه و هیچ‌کس مسئولیت قبول نمی‌کنه",
        "ازتون شکایت می‌کنم",  # a legal threat is the customer's right
        "این قیمتا آدمو می‌کشه",  # idioms of an angry customer
        "پدرم درومد تا یه نفر جواب داد",
        "منو کشتید با این تاخیر",
        "خرید کردم ولی نرسیده",  # an insult inside a longer word
        "کتاب زبان انگلیسی",
        "گاوصندوق خریدم",
        "کسی جواب نمی‌ده",
        "خط اشغال بود",
        "سفارش‌های عقب‌مانده",
        "جنس عوضی فرستادید",  # «عوضی» meaning "the wrong one"
        "شیر گاو پرچرب دارید؟",
        "کتاب «احمق‌ها» رو می‌خواستم",  # a quoted title
        "فیلم «خر خاکی» لینکش خرابه",
        "اسکله شماره دو",
        "خنگ بودم که اینو خریدم",  # said of oneself
        "kharid kardam",
        "lotfan check konid",
        "🙂🙂",
        "",
    ],
)
def test_angry_polite_complaints_and_hard_negatives_are_not(text: str) -> None:
    assert not is_abusive(text), find(text)
    assert mask(text) == text


def test_spans_point_into_the_original_text_and_mask_keeps_the_rest() -> None:
    text = "سلام. تو احمقققق هستی؟ یا بی‌شعور! سفارش ۱۲ کو"
    spans = find(text)
    assert [text[s.start : s.end] for s in spans] == ["احمقققق", "بی‌شعور"]
    assert mask(text) == "سلام. تو *** هستی؟ یا ***! سفارش ۱۲ کو"
    assert {s.kind for s in find("می‌کشمت احمق")} == {"threat", "insult"}


def test_long_and_odd_input_is_fast_and_never_raises() -> None:
    long_text = "سفارشم نرسیده، احمق‌ها! " * 900
    started = time.perf_counter()
    spans = find(long_text)
    assert time.perf_counter() - started < 0.5
    assert len(spans) == 900
    assert find("\ud800 \x00 \u200c\u200c ـــ") == []
    assert mask("😡😡😡") == "😡😡😡"


def test_analysis_marks_a_lexicon_insult_abusive_but_not_an_angry_polite_complaint() -> None:
    insult, complaint = analyze(["ا ح م ق ها جواب بدید", "خیلی عصبانی‌ام، این افتضاحه، پولمو پس بدید"])
    assert insult.abusive
    assert not complaint.abusive


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("ای آشغال", "***"),  # called out
        ("یه مشت دزد نشستید اونجا", "*** نشستید اونجا"),
        ("شما کلاهبردارید", "***"),
        ("آشغالا جواب بدید", "*** جواب بدید"),  # a plural that opens the message
        ("تف به ذاتتون", "***"),  # curses take the word that follows
        ("سگ تو روحتون", "***"),
        ("you are stupid", "***"),
    ],
)
def test_everyday_harsh_words_are_insults_when_said_to_people(text: str, masked: str) -> None:
    assert mask(text) == masked


@pytest.mark.parametrize(
    "text",
    ["گوشی لعنتی باز خاموش شد", "آشغال‌ها رو بردن؟", "سفارشم دزدی شده", "پول منو دزدید", "یه مشت سوال داشتم"],
)
def test_the_same_words_in_everyday_use_are_not(text: str) -> None:
    assert not is_abusive(text), find(text)


def test_a_message_the_model_judged_abusive_has_the_models_cue_words_masked_too() -> None:
    from hamdel.language.abuse import mask_abusive

    text = "پولمو بدید کلاهبردارا"  # no listed insult: only the model can call this abusive
    assert mask(text) == text
    assert mask_abusive(text, abusive=True) == "پولمو بدید ***"
    assert mask_abusive(text, abusive=False) == text
    assert mask_abusive("ای احمق", abusive=True) == "ای ***"  # the lexicon's own spans come first
