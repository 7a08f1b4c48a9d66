"""Normalisation: the search equivalences the app relies on, the new folds, and properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hamdel.language import fold_for_search, normalize, normalize_with_signals

PERSIANISH = st.lists(
    st.sampled_from(
        list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةۀأإؤئ ‌\u200d\u200f\n\t!?؟.،ـ")
        + list("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789")
        + ["می", "نمی", "ها", "تر", "ترین", "😡", "👍🏻", "\x00", "\x1b", "\u202e", "a", "Z"]
    ),
    max_size=40,
).map("".join)


def test_search_folds_the_three_spellings_of_mikhaham() -> None:
    assert fold_for_search("می‌خواهم") == fold_for_search("میخواهم") == fold_for_search("می خواهم")


def test_arabic_letters_and_all_digit_scripts_fold() -> None:
    assert fold_for_search("كيك ۱۲۳") == fold_for_search("کیک ١٢٣") == fold_for_search("کیک 123")


def test_elongation_is_folded_and_flagged() -> None:
    result = normalize_with_signals("عالیییییی بود")
    assert result.text == "عالی بود"
    assert result.elongated
    assert not normalize_with_signals("عالی بود").elongated
    assert fold_for_search("خیلیییی") == fold_for_search("خیلی")


def test_digits_are_never_treated_as_elongation() -> None:
    assert normalize("۱۰۰۰ تومان") == "1000 تومان"


def test_repeated_punctuation_keeps_two_marks() -> None:
    assert normalize("چرا؟؟؟؟؟ !!!!!") == "چرا؟؟ !!"


def test_emoji_become_separate_tokens_without_skin_tone() -> None:
    assert normalize("عالی😍😍") == "عالی 😍 😍"
    assert normalize("👍🏽") == "👍"


def test_control_and_bidi_characters_are_removed() -> None:
    assert normalize("سلام\x00\x1b\u202eدنیا\u200f") == "سلام دنیا"


def test_kashida_and_diacritics_are_removed() -> None:
    assert normalize("سـلـام مُحَمَّد") == "سلام محمد"


@given(PERSIANISH)
@settings(max_examples=300, deadline=None)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_normalize_never_crashes_and_search_key_is_stable(text: str) -> None:
    key = fold_for_search(text)
    assert isinstance(key, str)
    assert fold_for_search(key) == key
    assert "\x00" not in normalize(text)
