"""Online backups: SQLite through its backup API (consistent while Hamdel runs), PostgreSQL through pg_dump.

The database is not the whole installation: the data directory's `secret_key` (unless HAMDEL_SECRET_KEY is
set) decrypts channel secrets, and `media/` holds attachments; `backup_write` copies both beside the dump.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections


def backup_write(destination: Path) -> list[Path]:
    """Write a backup into the folder `destination` (created); returns the files written."""
    destination.mkdir(parents=True, exist_ok=True)
    db = connections.settings[DEFAULT_DB_ALIAS]
    written: list[Path] = []
    if db["ENGINE"] == "django.db.backends.sqlite3":
        target = destination / "hamdel.sqlite3"
        target.unlink(missing_ok=True)
        source = sqlite3.connect(str(db["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            with copy:
                source.backup(copy, pages=1024)  # in steps, so writers wait at most one step
        finally:
            copy.close()
            source.close()
        written.append(target)
    else:
        target = destination / "hamdel.pgdump"
        env = {
            **os.environ,
            "PGHOST": str(db.get("HOST") or ""),
            "PGPORT": str(db.get("PORT") or ""),
            "PGUSER": str(db.get("USER") or ""),
            "PGPASSWORD": str(db.get("PASSWORD") or ""),
        }
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", f"--dbname={db['NAME']}"],
            check=True,
            env={k: v for k, v in env.items() if v},
        )
        written.append(target)
    key = settings.DATA_DIR / "secret_key"
    if key.exists():
        shutil.copy2(key, destination / "secret_key")
        written.append(destination / "secret_key")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, destination / "media", dirs_exist_ok=True)
        written.append(destination / "media")
    return written
