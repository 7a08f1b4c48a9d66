"""The evaluate and train command lines, on small files made here."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from hamdel.language import analyze, evaluate, train
from hamdel.language.data import CORPUS_PATH, read_jsonl
from hamdel.language.model import clear_cache, load_from


def write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label", "split"])
        for text, label in rows:
            w.writerow([text, label, "dev"])
    return path


def run_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    assert evaluate.main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_evaluate_snappfood_json_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path / "s.csv", [("غذا عالی و داغ بود", "HAPPY"), ("سرد و بی‌کیفیت بود", "SAD")] * 3)
    out = run_json(capsys, ["--format", "snappfood", "--json", str(path)])
    assert 0 <= out["macro_f1"] <= 1
    assert out["labels"] == ["negative", "positive"]
    assert out["n"] == 6
    assert set(out["per_class"]["positive"]) == {"precision", "recall", "f1", "support"}
    assert np.array(out["confusion"]).sum() == 6


def test_evaluate_armanemo_and_parsinlu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arman = write_csv(tmp_path / "a.csv", [("خیلی ترسیدم", "FEAR"), ("از این آدما متنفرم", "HATE")])
    out = run_json(capsys, ["--format", "armanemo", "--json", str(arman)])
    assert len(out["labels"]) == 7 and out["n"] == 2
    pars = write_csv(
        tmp_path / "p.csv", [("عالیه", "very_positive"), ("بد بود", "negative"), ("هم خوب هم بد", "mixed")]
    )
    out = run_json(capsys, ["--format", "parsinlu", "--json", str(pars)])
    assert out["labels"] == ["negative", "neutral", "positive"]
    assert out["n"] == 2  # the mixed row is left out
    assert len(out["five_class"]["labels"]) == 5


def test_evaluate_hamdel_text_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.jsonl"
    rows = read_jsonl(CORPUS_PATH)[:20]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert evaluate.main(["--format", "hamdel", str(path)]) == 0
    out = capsys.readouterr().out
    assert "intent: macro-F1" in out and "confusion" in out


def test_evaluate_bad_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert evaluate.main(["--format", "snappfood", str(bad)]) == 2
    assert "text and label" in capsys.readouterr().err
    assert evaluate.main(["--format", "armanemo", str(tmp_path / "missing.csv")]) == 2


def test_train_small_corpus_with_partial_corrections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = read_jsonl(CORPUS_PATH)[::12]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text(
        json.dumps({"text": rows[0]["text"], "intent": "praise"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": "یک متن تازه از یک نماینده", "sentiment": "neutral", "abusive": "false"})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "models"
    monkeypatch.setattr(train, "C_GRID", (10.0,))
    code = train.main(
        ["--corpus", str(corpus), "--with-corrections", str(corrections), "--out", str(out), "--quiet"]
    )
    assert code == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["corrections"] == {"rows": 2, "new_texts": 1}
    assert set(manifest["metrics"]["test"]) >= {"sentiment", "emotion", "intent", "abusive"}
    assert len(manifest["data_hash"]) == 64
    with np.load(out / "weights.npz", allow_pickle=False) as npz:
        assert npz["weights"].dtype == np.int8
    models = load_from(out)
    assert models.version == manifest["version"]
    clear_cache()
    assert analyze(["سلام"], model_directory=out)[0].model_version == manifest["version"]


def test_train_rejects_a_broken_corrections_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "c.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert train.main(["--with-corrections", str(bad), "--out", str(tmp_path / "m"), "--quiet"]) == 2
    assert "c.jsonl:1" in capsys.readouterr().err
