"""The reply coach's server time: what an agent waits for between typing and seeing the findings.

    .venv/bin/python bench/coach_review.py [REPEATS]      # default 300, SQLite in a temp dir

Each case is one full request through Django (session auth, JSON parsing, the review, the JSON answer), timed
from the client's call to its return, REPEATS times over varied drafts; the first (cold) call of each case is
left out (it loads the language models once per process). Target: < 100 ms at p95.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
from _setup import percentiles, setup_django  # noqa: E402

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 300

DRAFTS = [
    "سفارش شما فردا ساعت ۱۰ تحویل می‌شود.",
    "سلام، وقتتان بخیر. من سارا از پشتیبانی هستم. کاملاً حق دارید ناراحت باشید؛ بابت تأخیر عذرخواهی می‌کنم. "
    "بسته‌تان امروز ساعت ۱۶ ارسال شد و هزینه‌ی ارسال را هم برمی‌گردانیم.",
    "شما باید آدرس را درست وارد می‌کردید. به زودی بررسی می‌کنیم.",
    "متاسفانه امکان مرجوعی وجود ندارد.",
    "salam, sefaresh shoma ersal shod 🙏 order #4821 is on its way",
    "درخواست شما ثبت شد. در اسرع وقت پیگیری می‌کنیم. با تشکر.",
]
LONG = ("سلام، من سارا هستم. " + "بررسی می‌کنیم و تا فردا ساعت ۱۲ خبر می‌دهیم. " * 500)[:20_000]


def timed(call: Callable[[int], Any]) -> dict[str, float]:
    call(0)  # cold: model loading is once per process, not per request
    samples = []
    for i in range(REPEATS):
        start = time.perf_counter()
        response = call(i)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content
    return percentiles(samples)


def main() -> None:
    setup_django()
    from django.test import Client

    from hamdel.accounts.services import user_create
    from hamdel.conversations.models import Conversation
    from hamdel.conversations.services import ingest, reply
    from hamdel.conversations.types import InboundMessage

    agent = user_create(username="bench", password="s3cret-pass", display_name="سارا")
    result = ingest(
        InboundMessage(
            channel="email",
            identity_kind="email",
            address="ali@example.ir",
            customer_name="علی",
            external_id="<bench-1@example.ir>",
            text="سه هفته است سفارشم نرسیده و هیچ‌کس جواب نمی‌دهد، واقعاً عصبانی‌ام",
        )
    )
    conv = Conversation.objects.get(pk=result.conversation_id)
    from hamdel.conversations.analysis import analyze_and_store

    analyze_and_store(result.message_id)
    for n in range(30):  # a conversation with history: the derivation reads the latest messages only
        reply(conversation=conv, author=agent, text=f"پاسخ شماره‌ی {n}")
        ingest(
            InboundMessage(
                channel="email",
                identity_kind="email",
                address="ali@example.ir",
                customer_name="علی",
                external_id=f"<bench-{n + 2}@example.ir>",
                text="هنوز خبری نشد؟",
                thread_key=conv.thread_key,
            )
        )
    client = Client(SERVER_NAME="localhost")
    client.force_login(agent)

    def post(path: str, body: dict[str, Any]) -> Any:
        return client.post(path, json.dumps(body), content_type="application/json")

    explicit = {"first_reply": True, "fault": "ours", "request_possible": True, "customer_mood": "angry"}
    results = {
        "review, explicit context, ms": timed(
            lambda i: post("/api/v1/coach/review", {"draft": DRAFTS[i % len(DRAFTS)], **explicit})
        ),
        "review, context from a 61-message conversation, ms": timed(
            lambda i: post(
                "/api/v1/coach/review", {"draft": DRAFTS[i % len(DRAFTS)], "conversation_id": conv.pk}
            )
        ),
        "review, customer_message analysed on the fly, ms": timed(
            lambda i: post(
                "/api/v1/coach/review",
                {"draft": DRAFTS[i % len(DRAFTS)], "customer_message": "بسته‌ام خراب رسیده، خیلی ناراحتم"},
            )
        ),
        "review, 20,000-character draft, ms": timed(
            lambda i: post("/api/v1/coach/review", {"draft": LONG, **explicit})
        ),
        "composer draft-check (every check), ms": timed(
            lambda i: post(f"/api/v1/conversations/{conv.pk}/draft-check", {"draft": DRAFTS[i % len(DRAFTS)]})
        ),
    }
    print(json.dumps({"repeats": REPEATS, "results": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
