"""The one Persian search (core.search): folding, ranking, snippets, speed on bad input, the cache."""

from __future__ import annotations

import time

from hamdel.core.search import SearchIndex, cached, forget

WEIGHTS = {"title": 3.0, "phrasings": 2.0, "body": 1.0}
DOCS = [
    (
        1,
        {
            "title": "می‌خواهم سفارشم را لغو کنم",
            "phrasings": ["کنسل کردن خرید"],
            "body": "لغو تا ۱۴ روز رایگان است.",
        },
    ),
    (2, {"title": "کیفیت کالا", "phrasings": ["جنس بی‌کیفیت"], "body": "گارانتی ۱۸ ماهه دارد."}),
    (
        3,
        {
            "title": "هزینه ارسال",
            "phrasings": ["پول پست"],
            "body": "ارسال برای خرید بالای ۵۰۰ هزار تومان رایگان است.",
        },
    ),
    (4, {"title": "کد تخفیف", "phrasings": ["تخفیف ۲۰ درصدی"], "body": "کدهای تخفیف در پیامک ارسال می‌شوند."}),
    (5, {"title": "گران است", "phrasings": ["قیمتش خیلی بالاست"], "body": "ارزش محصول را توضیح دهید."}),
    (6, {"title": "پشتیبانی", "phrasings": [], "body": "با شمارهٔ ۰۲۱۸۸۷۷ تماس بگیرید. " + "توضیحات " * 300}),
]


def index() -> SearchIndex:
    return SearchIndex(DOCS, weights=WEIGHTS)


def ids(query: str) -> list[object]:
    return [h.id for h in index().search(query)]


def test_a_word_written_without_its_half_space_finds_the_one_with_it() -> None:
    # given an entry titled «می‌خواهم…» with a half-space
    # when an agent types «میخواهم» (joined) or «می خواهم» (with a space)
    # then the entry comes first both times
    assert ids("میخواهم لغو")[0] == 1
    assert ids("می خواهم لغو")[0] == 1


def test_arabic_yeh_and_kaf_find_persian_letters() -> None:
    assert ids("كيفيت")[0] == 2  # Arabic ك and ي, as some keyboards type them
    assert ids("هزينه ارسال")[0] == 3


def test_persian_arabic_and_latin_digits_are_one() -> None:
    assert ids("۲۰ درصد")[0] == 4
    assert ids("20 درصد")[0] == 4
    assert ids("٢٠ درصد")[0] == 4  # Arabic-Indic digits
    assert ids("0218877")[0] == 6


def test_diacritics_do_not_hide_a_word() -> None:
    assert ids("تَخفیف")[0] == 4


def test_a_misspelt_or_colloquial_word_is_found_by_its_letters() -> None:
    assert ids("گارانتیش")[0] == 2  # an inflected form the words alone would miss
    assert ids("ارسالل")[0] == 3  # a typo
    assert "گارانتیش" not in str(DOCS)


def test_title_outranks_body() -> None:
    # given «تخفیف» in a title (4) and only in a body elsewhere
    # then the title's document is first
    docs = [
        (1, {"title": "ارسال سفارش", "phrasings": [], "body": "با کد تخفیف ارسال رایگان است"}),
        (2, {"title": "کد تخفیف", "phrasings": [], "body": "در پیامک"}),
    ]
    assert [h.id for h in SearchIndex(docs, weights=WEIGHTS).search("تخفیف")] == [2, 1]


def test_results_are_best_first_with_the_best_at_one() -> None:
    hits = index().search("گران")
    assert hits[0].id == 5
    assert hits[0].score == 1.0
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_snippet_shows_original_text_around_the_match() -> None:
    hit = next(h for h in index().search("شمارهٔ تماس پشتیبانی ۰۲۱۸۸۷۷") if h.id == 6)
    assert "۰۲۱۸۸۷۷" in hit.snippet  # original digits, not the folded key
    assert len(hit.snippet) <= 200


def test_match_says_how_much_of_a_phrasing_a_long_message_holds() -> None:
    message = "سلام وقت بخیر، محصول خوبیه ولی قیمتش خیلی بالاست و فعلاً نمی‌خرم"
    top = index().search(message)[0]
    assert top.id == 5
    assert top.match == 1.0
    unrelated = index().search("ساعت کاری شعبه مرکزی؟")
    assert all(h.match < 0.5 for h in unrelated)


def test_empty_and_punctuation_only_queries_find_nothing() -> None:
    assert index().search("") == []
    assert index().search("   ؟!…  ") == []
    assert index().search("xyzzy") == []


def test_a_10000_character_query_answers_fast() -> None:
    ix = index()
    query = ("قیمت لغو ارسال تخفیف گارانتی " * 400)[:10_000]
    start = time.perf_counter()
    hits = ix.search(query)
    assert time.perf_counter() - start < 0.5
    assert hits  # a clear result, not an error


def test_the_cache_rebuilds_when_the_version_changes() -> None:
    forget("test")
    built = []

    def build() -> SearchIndex:
        built.append(1)
        return SearchIndex(DOCS[: len(built)], weights=WEIGHTS)

    first = cached("test", 1, build)
    assert cached("test", 1, build) is first  # same version: the same index, no rebuild
    second = cached("test", 2, build)  # a write changed the version
    assert second is not first and len(second) == 2
    forget("test")


def test_a_long_document_is_indexed_whole() -> None:
    # given an article whose one mention of «استرداد» comes after 8,000 characters
    body = "متن راهنما " * 800 + "شرایط استرداد وجه"
    ix = SearchIndex(
        [(1, {"title": "راهنما", "body": body}), (2, {"title": "ارسال", "body": "پست"})], weights=WEIGHTS
    )
    # then a search for it finds the article, with the snippet around the far mention
    hits = ix.search("استرداد")
    assert [h.id for h in hits] == [1]
    assert "استرداد" in hits[0].snippet


def test_spoken_forms_meet_the_written_word() -> None:
    # given «گران است» written formally
    # when a customer types the spoken «گرونه» or «می‌دم»
    assert ids("خیلی گرونه")[0] == 5
    docs = [(1, {"title": "بعداً خبر می‌دهم", "body": ""}), (2, {"title": "خبرنامه", "body": ""})]
    assert SearchIndex(docs, weights=WEIGHTS).search("بعدا خبر میدم")[0].match == 1.0


def test_the_snippet_centres_on_a_half_spaced_word() -> None:
    body = (
        "مقدمه‌ای طولانی " * 30 + "اگر می‌خواهید سفارش را لغو کنید از صفحهٔ سفارش اقدام کنید. " + "پایان " * 30
    )
    hit = SearchIndex([(1, {"title": "راهنما", "body": body})], weights=WEIGHTS).search("میخواهید")[0]
    assert "می‌خواهید سفارش" in hit.snippet
    assert hit.snippet.startswith("…")
