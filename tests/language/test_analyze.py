"""analyze(): behaviour a user would notice, robustness on odd input, and thread safety."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamdel.language import MAX_CHARS, Analysis, analyze, detect_language, load_models, model_version
from hamdel.language.data import EMOTIONS, INTENTS, SENTIMENTS, URGENCIES


def one(text: str) -> Analysis:
    return analyze([text])[0]


def test_angry_complaint_is_negative_with_anger() -> None:
    a = one("سه هفته‌ست سفارش دادم هنوز نیومده!!! هر بار زنگ میزنم میگن فردا. واقعا مسخره‌ست، اعصابم خرد شد")
    assert a.sentiment in ("negative", "very_negative")
    assert a.polarity < -0.3
    assert a.emotion == "anger"


def test_thank_you_is_positive_joy_and_praise() -> None:
    a = one("خیلی ممنونم از پشتیبانی عالیتون، مشکلم سریع حل شد 🙏")
    assert a.sentiment in ("positive", "very_positive")
    assert a.polarity > 0.3
    assert a.emotion == "joy"
    assert a.intent == "praise"


def test_insult_is_flagged_abusive_but_plain_anger_is_not() -> None:
    assert one("شما یه مشت کلاهبردار بیشعور و احمق هستید، خاک تو سرتون").abusive
    assert not one("خیلی ناراحتم، سفارشم دیر رسید و سرد بود").abusive


def test_leaving_customer_is_churn_risk() -> None:
    assert one("دیگه هیچوقت از شما خرید نمیکنم، حسابمو ببندید میرم سراغ رقیب").churn_risk


def test_finglish_and_english_are_flagged() -> None:
    assert one("salam, sefaresham hanooz nayoomade, kheili dir shode").language == "finglish"
    assert one("My order is late and nobody answers the phone").language == "en"
    assert one("سلام وقت بخیر").language == "fa"
    assert one("😡😡😡").language == "other"


def test_one_megabyte_is_truncated_with_a_flag() -> None:
    a = one("خیلی بد " * 130_000)
    assert a.truncated
    assert not one("خیلی بد").truncated
    assert MAX_CHARS < 1_000_000


def test_elongation_is_reported() -> None:
    assert one("عاااالییییی بود").elongated


@pytest.mark.parametrize("text", ["", " ", "\x00\x01", "😀", "؟؟؟", "12345", "\ud800", "ﷺ" * 50])
def test_odd_input_does_not_crash(text: str) -> None:
    a = one(text)
    assert a.sentiment in SENTIMENTS


def test_shape_of_an_analysis_and_json() -> None:
    a = one("کی سفارشم میرسه؟")
    assert set(a.sentiment_probs) == set(SENTIMENTS)
    assert set(a.emotion_probs) == set(EMOTIONS)
    assert set(a.intent_probs) == set(INTENTS)
    assert set(a.urgency_probs) == set(URGENCIES)
    assert abs(sum(a.sentiment_probs.values()) - 1) < 1e-2
    assert -1 <= a.polarity <= 1
    assert a.model_version == model_version() == load_models().version
    d = json.loads(json.dumps(a.to_dict(), ensure_ascii=False))
    assert d["intent"] == a.intent
    assert set(d) == {f for f in Analysis.__dataclass_fields__}


def test_empty_batch() -> None:
    assert analyze([]) == []


def test_batch_results_equal_single_results() -> None:
    texts = ["سلام", "غذا سرد بود", "ممنون از شما", "رمزم رو یادم رفته"]
    assert analyze(texts) == [one(t) for t in texts]


def test_threads_share_the_models_safely() -> None:
    texts = ["غذا سرد بود و دیر رسید", "عالی بود ممنون"] * 64
    expected = analyze(texts)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: analyze(texts), range(8)))
    assert all(r == expected for r in results)


def test_detect_language_mixed_script() -> None:
    assert detect_language("سفارش order ۱۲۳ من کجاست") == "fa"


@given(st.lists(st.text(max_size=200), min_size=1, max_size=8))
@settings(max_examples=60, deadline=None)
def test_analyze_never_crashes(texts: list[str]) -> None:
    results = analyze(texts)
    assert len(results) == len(texts)
    for a in results:
        assert a.language in ("fa", "finglish", "en", "other")
        assert a.urgency in URGENCIES
        assert -1 <= a.polarity <= 1
