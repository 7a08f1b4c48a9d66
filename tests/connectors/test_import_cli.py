"""`hamdel import`: customer messages from CSV or JSONL through the batch intake."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hamdel.cli import main
from hamdel.conversations.models import InboundEnvelope, Message


def test_jsonl_and_csv_import_store_once_and_name_refused_rows(db: None, tmp_path: Path, capsys: Any) -> None:
    jsonl = tmp_path / "m.jsonl"
    rows = [
        {
            "channel": "sms",
            "external_id": f"imp-{n}",
            "customer": {"phone": f"0912000{n:04d}"},
            "text": "سلام",
        }
        for n in range(3)
    ]
    rows.append({"channel": "sms", "external_id": "imp-bad", "customer": {"name": "بی‌نشانی"}, "text": "x"})
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert main(["import", str(jsonl), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert (out["created"], out["duplicates"], out["failed"]) == (3, 0, 1)
    assert out["refused"][0]["row"] == 4 and out["refused"][0]["status"] == 422

    csv_file = tmp_path / "m.csv"
    csv_file.write_text(
        "channel,external_id,name,phone,text\nsms,imp-0,مینا,09120000000,سلام\nsms,imp-9,رضا,09120000009,قبضم\n",
        encoding="utf-8",
    )
    assert main(["import", str(csv_file), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["created"], out["duplicates"], out["failed"]) == (1, 1, 0)
    assert Message.objects.count() == 4
    assert InboundEnvelope.objects.count() == 6
