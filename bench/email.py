"""E-mail import throughput: .eml messages per second through `import-email` (MIME parse + store + ingest).

    .venv/bin/python bench/email.py [MESSAGES]        # default 2000, SQLite in a temp dir
    HAMDEL_DATABASE_URL=postgres://… .venv/bin/python bench/email.py

Half the messages are replies to earlier ones (In-Reply-To), a tenth carry a PDF attachment, a tenth are
windows-1256; listeners are suppressed as in a real migration import.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named email.py: keep its folder off the front of sys.path so `email` is the stdlib's.
HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]
import json  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from email.message import EmailMessage  # noqa: E402

sys.path.append(str(HERE))
from _setup import setup_django  # noqa: E402

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
TEXTS = [
    "سلام، سفارش من هنوز نرسیده است. لطفا پیگیری کنید.",
    "کالا آسیب دیده به دستم رسید و می‌خواهم مرجوع کنم.",
    "فاکتور خرید هفته گذشته را برایم بفرستید، ممنون.",
    "چرا مبلغ دو بار از حسابم کم شده است؟",
]


def make(folder: Path) -> None:
    rng = random.Random(4)
    for i in range(COUNT):
        msg = EmailMessage()
        msg["From"] = f"مشتری {i % 300} <c{i % 300}@example.ir>"
        msg["To"] = "support@shop.example.ir"
        msg["Subject"] = f"درخواست {i // 2}"
        msg["Message-ID"] = f"<bench-{i}@example.ir>"
        if i % 2:
            msg["In-Reply-To"] = f"<bench-{i - 1}@example.ir>"
        text = rng.choice(TEXTS) + "\n\n> متن نقل‌قول شده از نامه قبلی\n"
        if i % 10 == 3:  # an old Windows client: Arabic yeh and kaf, windows-1256, 8-bit
            msg.set_content(text.replace("ی", "ي").replace("ک", "ك").replace("\u200c", " "), charset="cp1256")
        else:
            msg.set_content(text)
        if i % 10 == 5:
            msg.add_attachment(
                b"%PDF-1.4\n" + b"0" * 20_000, maintype="application", subtype="pdf", filename="فاکتور.pdf"
            )
        (folder / f"{i:06d}.eml").write_bytes(bytes(msg))


def main() -> None:
    setup_django()
    from hamdel.connectors.email.importer import import_paths
    from hamdel.core.events import suppressed

    folder = Path(tempfile.mkdtemp(prefix="hamdel-bench-eml-"))
    make(folder)
    started = time.perf_counter()
    with suppressed():
        summary = import_paths([folder])
    elapsed = time.perf_counter() - started
    print(
        json.dumps(
            {
                "messages": COUNT,
                "ingested": summary.ingested,
                "refused": len(summary.refused),
                "seconds": round(elapsed, 2),
                "messages_per_second": round(COUNT / elapsed, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
