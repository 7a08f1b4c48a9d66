"""Corpus v2 loading: v1 keeps its split, later rows split by their own id, training is reproducible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hamdel.language import train
from hamdel.language.data import CORPUS_PATH, data_hash, load_corpus, read_jsonl, split

V2_ROW = {
    "channel": "review",
    "domain": "food_delivery",
    "source_style": "terse_review",
    "sentiment": "positive",
    "emotion": "joy",
    "intent": "praise",
    "urgency": "low",
    "mixed": False,
    "abusive": False,
    "churn_risk": False,
}


def write_part(folder: Path, name: str, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.jsonl"
    rows = [{"id": f"{name}-{i:05d}", "text": f"غذا خوب بود {name} {i}", **V2_ROW} for i in range(1, n + 1)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_v1_rows_keep_their_split_when_v2_parts_arrive(tmp_path: Path) -> None:
    before = {k: [r["id"] for r in v] for k, v in split(read_jsonl(CORPUS_PATH)).items()}
    write_part(tmp_path, "wa", 400)
    rows = load_corpus(v2_dir=tmp_path)
    assert len(rows) == len(read_jsonl(CORPUS_PATH)) + 400
    assert {r["source_style"] for r in rows} == {"v1", "terse_review"}
    after = split(rows)
    for name, ids in before.items():
        assert [r["id"] for r in after[name] if r["source_style"] == "v1"] == ids
    new = {name: [r for r in part if r["source_style"] != "v1"] for name, part in after.items()}
    assert 0.10 * 400 < len(new["test"]) < 0.20 * 400 and 0.10 * 400 < len(new["dev"]) < 0.20 * 400


def test_a_v2_rows_split_does_not_depend_on_other_rows(tmp_path: Path) -> None:
    write_part(tmp_path / "small", "wa", 100)
    write_part(tmp_path / "big", "wa", 300)
    write_part(tmp_path / "big", "wb", 200)

    def where(folder: Path) -> dict[str, str]:
        parts = split(load_corpus(v2_dir=folder))
        return {r["id"]: name for name, part in parts.items() for r in part if r["source_style"] != "v1"}

    small, big = where(tmp_path / "small"), where(tmp_path / "big")
    assert all(big[i] == s for i, s in small.items())


def test_missing_v2_folder_loads_v1_only(tmp_path: Path) -> None:
    assert len(load_corpus(v2_dir=tmp_path / "none")) == len(read_jsonl(CORPUS_PATH))


def test_training_twice_writes_identical_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in read_jsonl(CORPUS_PATH)[::10]), encoding="utf-8"
    )
    monkeypatch.setattr(train, "C_GRID", (16.0,))
    monkeypatch.setattr(train, "SEARCH", {t: {**v, "C": (16.0,)} for t, v in train.SEARCH.items()})
    for out in ("a", "b"):
        assert train.main(["--corpus", str(corpus), "--out", str(tmp_path / out), "--quiet"]) == 0
    for name in ("weights.npz", "manifest.json"):
        a = (tmp_path / "a" / name).read_bytes()
        b = (tmp_path / "b" / name).read_bytes()
        if name == "manifest.json":  # the training time differs; everything else must not
            a, b = (json.loads(x) for x in (a, b))
            a.pop("train_seconds"), b.pop("train_seconds")
        assert a == b, name


def test_shipped_models_were_trained_on_the_corpus_in_the_repository() -> None:
    manifest = json.loads((Path(train.DEFAULT_MODEL_DIR) / "manifest.json").read_text(encoding="utf-8"))
    parts = split(load_corpus())
    assert manifest["data_hash"] == data_hash(parts["train"] + parts["dev"])
    assert manifest["rows"] == {k: len(v) for k, v in parts.items()}
