"""`hamdel import-email`: .eml files, directories of them and mbox files, for moving from another system."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hamdel.connectors.email.receive import receive_email
from hamdel.core.errors import ApplicationError


@dataclass
class ImportSummary:
    ingested: int = 0
    duplicates: int = 0
    refused: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "refused": len(self.refused),
            "refused_files": self.refused,
        }


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"From "


def iter_messages(paths: list[Path]) -> Iterator[tuple[str, bytes | None, str]]:
    """(label, raw bytes or None, reason) for every message found under the given paths."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and (child.suffix.lower() in {".eml", ".mbox", ".msg"} or _is_mbox(child)):
                    yield from iter_messages([child])
        elif not path.exists():
            yield str(path), None, "file not found"
        elif _is_mbox(path):
            box = mailbox.mbox(str(path), create=False)
            for i, key in enumerate(box.iterkeys(), start=1):
                yield f"{path}#{i}", box.get_bytes(key), ""
        else:
            yield str(path), path.read_bytes(), ""


def import_paths(paths: list[Path], *, inbox_id: int | None = None) -> ImportSummary:
    summary = ImportSummary()
    for label, raw, reason in iter_messages(paths):
        if raw is None:
            summary.refused.append({"file": label, "reason": reason})
            continue
        try:
            result = receive_email(raw, inbox_id=inbox_id, via="import")
        except ApplicationError as exc:
            detail = f" ({exc.extra})" if exc.extra else ""
            summary.refused.append({"file": label, "reason": f"{exc.message}{detail}"})
            continue
        if result.created:
            summary.ingested += 1
        else:
            summary.duplicates += 1
    return summary
