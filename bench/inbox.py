"""Inbox list and search latency (p50/p95) on a large generated database.

    .venv/bin/python bench/inbox.py [CONVERSATIONS] [MESSAGES]      # default 100000 500000, SQLite
    HAMDEL_DATABASE_URL=postgres://… .venv/bin/python bench/inbox.py

Rows are generated with bulk inserts (not through ingest) from the corpus texts, then the same selector
the inbox and the API use is timed for common filter combinations and Persian searches.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

# bench/ also holds email.py: keep the folder behind the standard library so `email` stays the stdlib's.
HERE = Path(__file__).resolve().parent
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
from _setup import percentiles, setup_django  # noqa: E402

CONVERSATIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
MESSAGES = int(sys.argv[2]) if len(sys.argv) > 2 else 500_000
BATCH = 5_000


def generate() -> None:
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    from hamdel.accounts.models import User
    from hamdel.conversations.models import Conversation, Message, SearchDocument
    from hamdel.customers.models import ChannelIdentity, Customer
    from hamdel.language.normalize import fold_for_search

    rnd = random.Random(7)
    corpus = Path(settings.REPO_DIR) / "data" / "corpus" / "hamdel-corpus-v1.jsonl"
    texts = [json.loads(line)["text"] for line in corpus.read_text().splitlines()]
    folded = [fold_for_search(t) for t in texts]
    agents = [User.objects.create(username=f"bench{i}") for i in range(20)]
    now = timezone.now()
    n_customers = CONVERSATIONS // 4
    with transaction.atomic():
        Customer.objects.bulk_create(
            [Customer(name=f"مشتری {i}") for i in range(n_customers)], batch_size=BATCH
        )
        ids = list(Customer.objects.values_list("pk", flat=True))
        ChannelIdentity.objects.bulk_create(
            [ChannelIdentity(customer_id=c, kind="email", address=f"c{c}@example.ir") for c in ids],
            batch_size=BATCH,
        )
    statuses = ["new", "open", "pending", "on_hold", "resolved", "closed"]
    channels = ["email", "chat", "telegram", "sms", "phone", "social", "web_form"]
    priorities = ["low", "normal", "normal", "normal", "high", "urgent"]
    per_conv = max(1, MESSAGES // CONVERSATIONS)
    for start in range(0, CONVERSATIONS, BATCH):
        with transaction.atomic():
            convs = []
            for n in range(start, min(start + BATCH, CONVERSATIONS)):
                t = rnd.randrange(len(texts))
                convs.append(
                    Conversation(
                        number=n + 1,
                        subject=texts[t][:80],
                        customer_id=rnd.choice(ids),
                        channel=rnd.choice(channels),
                        status=rnd.choice(statuses),
                        priority=rnd.choice(priorities),
                        assignee=rnd.choice(agents) if rnd.random() < 0.7 else None,
                        last_message_at=now - dt.timedelta(minutes=rnd.randrange(0, 90 * 24 * 60)),
                        message_count=per_conv,
                        preview=texts[t][:200],
                    )
                )
            Conversation.objects.bulk_create(convs, batch_size=BATCH)
            convs = list(Conversation.objects.filter(number__gt=start, number__lte=start + BATCH))
            msgs = []
            for conv in convs:
                for k in range(per_conv):
                    msgs.append(
                        Message(
                            conversation=conv,
                            direction="in" if k % 2 == 0 else "out",
                            text=texts[rnd.randrange(len(texts))],
                            channel=conv.channel,
                        )
                    )
            Message.objects.bulk_create(msgs, batch_size=BATCH)
            msgs = Message.objects.filter(
                conversation__number__gt=start, conversation__number__lte=start + BATCH
            )
            docs = [
                SearchDocument(conversation_id=c.pk, body=fold_for_search(f"{c.subject} مشتری"))
                for c in convs
            ]
            docs += [
                SearchDocument(
                    conversation_id=m["conversation_id"],
                    message_id=m["pk"],
                    body=folded[m["pk"] % len(folded)],
                )
                for m in msgs.values("pk", "conversation_id")
            ]
            SearchDocument.objects.bulk_create(docs, batch_size=BATCH)
        print(f"  generated {min(start + BATCH, CONVERSATIONS)} conversations", file=sys.stderr, flush=True)


def timed(fn, repeat: int = 30) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return percentiles(samples)


def main() -> None:
    setup_django()
    from django.db import connection

    from hamdel.accounts.models import User
    from hamdel.conversations.models import Message
    from hamdel.conversations.selectors import InboxFilters, conversation_list, inbox_counts

    t0 = time.perf_counter()
    generate()
    gen_seconds = time.perf_counter() - t0
    with connection.cursor() as c:
        c.execute("ANALYZE")  # fresh statistics, as a running system has
    user = User.objects.first()

    def page(filters: InboxFilters):
        # what the inbox does: one page of 50 rows plus the total for the pager
        qs = conversation_list(user=user, filters=filters)
        list(qs[:50])
        qs.count()

    lists = {
        "open (default view)": InboxFilters(view="open"),
        "mine": InboxFilters(view="mine"),
        "unassigned": InboxFilters(view="unassigned"),
        "urgent": InboxFilters(view="urgent"),
        "status=pending + channel=sms": InboxFilters(view="all", status=["pending"], channel=["sms"]),
        "everything, page 1": InboxFilters(view="all"),
    }
    searches = {
        "میخواهم": InboxFilters(view="all", q="میخواهم"),
        "می خواهم (space variant)": InboxFilters(view="all", q="می خواهم"),
        "سفارش (very common)": InboxFilters(view="all", q="سفارش"),
        "کد تخفیف (two words)": InboxFilters(view="all", q="کد تخفیف"),
        "digits ۴۸۲": InboxFilters(view="all", q="۴۸۲"),
        "open + search بسته": InboxFilters(view="open", q="بسته"),
    }
    results = {
        "database": connection.vendor,
        "conversations": CONVERSATIONS,
        "messages": Message.objects.count(),
        "generate_seconds": round(gen_seconds, 1),
        "counts_sidebar": timed(lambda: inbox_counts(user=user)),
        "list": {name: timed(lambda f=f: page(f)) for name, f in lists.items()},
        "search": {name: timed(lambda f=f: page(f)) for name, f in searches.items()},
    }
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
