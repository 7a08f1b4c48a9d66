"""The agent pages, in Persian by default, with the inbox filters, the composer and the customer page."""

from django.test import Client

from hamdel.conversations.models import CannedReply, Conversation, Delivery, Tag


def test_login_page_is_persian_and_right_to_left(db):
    page = Client().get("/accounts/login/", headers={"Accept-Language": "en-US"})
    html = page.content.decode()
    assert 'lang="fa" dir="rtl"' in html
    assert "ورود" in html


def test_english_switch_is_remembered(agent_client):
    agent_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = agent_client.get("/").content.decode()
    assert 'lang="en" dir="ltr"' in html and "Inbox" in html


def test_inbox_needs_login(db):
    response = Client().get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_inbox_lists_with_views_filters_and_jalali_dates(agent_client, inbound, agent):
    inbound("سفارش نرسیده", subject="تاخیر ارسال", thread_key="a")
    inbound(
        "رمزم را فراموش کردم",
        subject="ورود",
        thread_key="b",
        channel="sms",
        identity_kind="phone",
        address="09120000001",
    )
    html = agent_client.get("/").content.decode()
    assert "تاخیر ارسال" in html and "ورود" in html
    assert "همهٔ باز" in html and "۲" in html  # counts in Persian digits
    sms_only = agent_client.get("/?view=all&channel=sms").content.decode()
    assert "ورود" in sms_only and "تاخیر ارسال" not in sms_only
    mine = agent_client.get("/?view=mine").content.decode()
    assert "تاخیر ارسال" not in mine
    searched = agent_client.get("/?view=all&q=فراموش").content.decode()
    assert "ورود" in searched and "تاخیر ارسال" not in searched


def test_bulk_assign_from_inbox(agent_client, inbound, agent):
    ids = [inbound("x", thread_key=f"t{i}").conversation_id for i in range(2)]
    response = agent_client.post(
        "/inbox/bulk/", {"ids": ids, "action": "assign", "value": agent.pk, "next": "/"}
    )
    assert response.status_code == 302
    assert set(Conversation.objects.values_list("assignee", flat=True)) == {agent.pk}
    mine = agent_client.get("/?view=mine").content.decode()
    assert mine.count('class="conv ') == 2


def test_conversation_page_reply_note_and_controls(agent_client, inbound, agent):
    # given the tags a team lead created (agents tag with existing tags only)
    Tag.objects.create(name="کیفیت")
    Tag.objects.create(name="VIP")
    conv = Conversation.objects.get(pk=inbound("بسته خراب رسید", subject="کالای آسیب‌دیده").conversation_id)
    page = agent_client.get(f"/c/{conv.number}/").content.decode()
    assert "بسته خراب رسید" in page and "کالای آسیب‌دیده" in page
    agent_client.post(f"/c/{conv.number}/reply/", {"text": "عذر می‌خواهیم، جایگزین می‌فرستیم", "mode": "reply"})
    agent_client.post(f"/c/{conv.number}/reply/", {"text": "با انبار هماهنگ شد", "mode": "note"})
    agent_client.post(
        f"/c/{conv.number}/update/", {"status": "pending", "priority": "high", "tags": "کیفیت، VIP"}
    )
    conv.refresh_from_db()
    assert (conv.status, conv.priority) == ("pending", "high")
    assert sorted(t.name for t in conv.tags.all()) == ["VIP", "کیفیت"]
    page = agent_client.get(f"/c/{conv.number}/").content.decode()
    assert "عذر می‌خواهیم، جایگزین می‌فرستیم" in page
    assert "یادداشت داخلی" in page and "با انبار هماهنگ شد" in page
    assert "سارا وضعیت را از «باز» به «در انتظار مشتری» تغییر داد" in page
    assert Delivery.objects.count() == 1


def test_empty_reply_shows_an_error_not_a_500(agent_client, inbound):
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    response = agent_client.post(f"/c/{conv.number}/reply/", {"text": " ", "mode": "reply"}, follow=True)
    assert response.status_code == 200
    assert "پاسخ نمی‌تواند خالی باشد." in response.content.decode()


def test_timeline_fragment_returns_only_new_items(agent_client, inbound):
    first = inbound("اول", thread_key="t")
    conv = Conversation.objects.get(pk=first.conversation_id)
    second = inbound("دوم", thread_key="t")
    fragment = agent_client.get(f"/c/{conv.number}/timeline/?after={first.message_id}").content.decode()
    assert "دوم" in fragment and "اول" not in fragment and f'data-id="{second.message_id}"' in fragment


def test_canned_reply_is_filled_for_this_conversation(agent_client, inbound):
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    canned = CannedReply.objects.create(
        title="خوشامد", shortcut="hi", text="سلام {customer_name}، من {agent_name} هستم"
    )
    text = agent_client.get(f"/c/{conv.number}/canned/{canned.pk}/").content.decode()
    assert text == "سلام علی رضایی، من سارا هستم"


def test_customer_page_shows_identities_notes_and_conversations(agent_client, inbound):
    conv = Conversation.objects.get(pk=inbound("سلام", subject="پرسش اول").conversation_id)
    cid = conv.customer_id
    agent_client.post(f"/customers/{cid}/note/", {"text": "فقط بعد از ساعت ۱۶ تماس بگیرید", "pinned": "1"})
    agent_client.post(
        f"/customers/{cid}/edit/",
        {"name": "علی رضایی", "tags": "وفادار", "kind": "phone", "address": "0912 111 2222"},
    )
    html = agent_client.get(f"/customers/{cid}/").content.decode()
    assert "ali@example.ir" in html and "+989121112222" in html
    assert "فقط بعد از ساعت ۱۶ تماس بگیرید" in html
    assert "پرسش اول" in html and "وفادار" in html
    listing = agent_client.get("/customers/?q=ali@").content.decode()
    assert "علی رضایی" in listing


def test_admin_is_in_persian(db):
    from hamdel.accounts.services import user_create

    admin = user_create(username="root", password="s3cret-pass", role="admin")
    client = Client()
    client.force_login(admin)
    html = client.get("/admin/").content.decode()
    assert "مدیریت همدل" in html and "گفتگوها" in html


def test_collision_keeps_the_draft_and_shows_the_other_answer(agent_client, inbound, lead):
    from hamdel.conversations import services

    result = inbound("سلام، کمک لازم دارم")
    conv = Conversation.objects.get(pk=result.conversation_id)
    # sara opens the conversation (the newest item she saw is the customer's message) ...
    seen = result.message_id
    # ... meanwhile the team lead answers
    services.reply(conversation=conv, author=lead, text="سلام، من پیگیری می‌کنم")
    response = agent_client.post(
        f"/c/{conv.number}/reply/",
        {"text": "سلام! الان بررسی می‌کنم", "mode": "reply", "seen": seen},
        follow=True,
    )
    html = response.content.decode()
    assert "نسرین در حین نوشتن شما به مشتری پاسخ داد" in html
    assert ">سلام! الان بررسی می‌کنم</textarea>" in html  # the draft is back in the composer
    assert conv.messages.filter(direction="out").count() == 1  # nothing was sent twice
    # having read it, she sends anyway
    agent_client.post(
        f"/c/{conv.number}/reply/",
        {"text": "تکمیلی: کد پیگیری ۱۲۳", "mode": "reply", "seen": conv.messages.order_by("-pk").first().pk},
    )
    assert conv.messages.filter(direction="out").count() == 2


def test_email_quoted_history_is_folded_and_auto_replies_marked(agent_client, inbound):
    text = "ممنون، رسید.\n\nOn Mon, support wrote:\n> سفارش شما ارسال شد"
    result = inbound(text, meta={"quoted_at": len("ممنون، رسید."), "auto": "auto-replied"})
    conv = Conversation.objects.get(pk=result.conversation_id)
    html = agent_client.get(f"/c/{conv.number}/").content.decode()
    assert '<details class="quoted">' in html and "سفارش شما ارسال شد" in html
    assert "پیام خودکار" in html


def test_finglish_subject_in_the_persian_inbox_keeps_its_own_direction(agent_client, inbound):
    inbound("ok, merci. belit resid.", subject="ok, merci. belit resid.")

    html = agent_client.get("/").content.decode()

    # dir="auto": «ok, merci.» does not show as «.ok, merci»; Persian subjects in English are cut at their end
    assert '<span class="subject-text" dir="auto">ok, merci. belit resid.</span>' in html
    assert '<span class="preview" dir="auto">' in html


def test_label_chips_are_named_in_persian_for_screen_readers(
    agent_client, inbound, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the analysis runs after commit
        conv = Conversation.objects.get(pk=inbound("بسته خراب رسید، خیلی عصبانی‌ام").conversation_id)

    html = agent_client.get(f"/c/{conv.number}/").content.decode()

    assert '<span class="sr">احساس</span>' in html
    for raw in ("sentiment", "emotion", "intent", "urgency", "abusive", "churn_risk"):
        assert f'<span class="sr">{raw}</span>' not in html


def test_hash_number_in_search_opens_that_conversation(agent_client, inbound):
    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)
    response = agent_client.get("/", {"q": f"#{conv.number}"})
    assert response.status_code == 302 and response["Location"] == f"/c/{conv.number}/"
    persian = agent_client.get(
        "/", {"q": "#" + str(conv.number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))}
    )
    assert persian["Location"] == f"/c/{conv.number}/"
    assert agent_client.get("/", {"q": "#99999"}).status_code == 200  # no such number: an empty result list


def test_conversation_page_queries_do_not_grow_with_the_replies(agent_client, inbound, agent):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hamdel.conversations import services

    conv = Conversation.objects.get(pk=inbound("سلام").conversation_id)

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert agent_client.get(f"/c/{conv.number}/").status_code == 200
        return len(ctx.captured_queries)

    services.reply(conversation=conv, author=agent, text="پاسخ ۱")
    one_reply = page_queries()
    for i in range(5):
        services.reply(conversation=conv, author=agent, text=f"پاسخ بیشتر {i}")
        services.note_add(conversation=conv, author=agent, text=f"یادداشت {i}")
    assert page_queries() == one_reply
