"""The clustering (pure): same input, same problems; alike texts together; labels from typical words."""

from __future__ import annotations

from hamdel.language import problem_clusters as pc

BATTERY = ["باتری گوشی باد کرده و داغ می‌شود", "باتری گوشی جدیدم باد کرده", "گوشی داغ میشه، باتری باد کرده"]
PRINT = ["کتاب کج چاپ شده، صفحه‌ها ناخوانا", "چاپ کتاب کج و ناخواناست", "صفحه‌های کتاب کج چاپ شده"]
OTHER = ["ساعت کاری فروشگاه چیست", "کارت هدیه را چطور فعال کنم"]


def _vectors(texts: list[str]) -> list[pc.Vector]:
    bags = [pc.terms(t) for t in texts]
    idf = pc.Idf()
    idf.add(bags)
    return [pc.vectorise(b, idf) for b in bags]


def test_alike_complaints_group_and_unrelated_messages_stay_out() -> None:
    texts = [*BATTERY, *OTHER, *PRINT]
    groups = pc.cluster(_vectors(texts))
    assert groups == [[0, 1, 2], [5, 6, 7]]


def test_same_input_gives_the_same_groups_and_labels() -> None:
    texts = [*PRINT, *OTHER, *BATTERY]
    first, second = pc.cluster(_vectors(texts)), pc.cluster(_vectors(list(texts)))
    assert first == second
    labels = [pc.label(pc.centroid(_vectors(texts)[i] for i in g)) for g in first]
    assert labels == [pc.label(pc.centroid(_vectors(texts)[i] for i in g)) for g in second]
    assert "کتاب" in labels[0] and "باتری" in labels[1]


def test_a_new_text_maps_onto_the_existing_centroid() -> None:
    vecs = _vectors([*BATTERY, *PRINT, "باز هم باتری گوشی باد کرد", "ارسال رایگان دارید؟"])
    centroids = {7: pc.centroid(vecs[:3]), 9: pc.centroid(vecs[3:6])}
    assert pc.assign(vecs[6:], centroids) == [7, None]


def test_split_separates_two_mixed_complaints() -> None:
    left, right = pc.split(_vectors([*BATTERY, *PRINT]))
    assert (left, right) == ([0, 1, 2], [3, 4, 5])


def test_normalisation_folds_arabic_letters_and_plurals() -> None:
    assert pc.tokens("كتاب‌ها چاپ نشده") == pc.tokens("کتاب چاپ نشده")
