"""The admin speaks the reader's calendar: Jalali dates, Tehran time, Persian digits, typed and shown."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hamdel.accounts.services import user_create
from hamdel.conversations.models import Conversation
from hamdel.web.admin_site import JalaliDateTimeField


def test_conversation_list_shows_jalali_dates_with_persian_digits(inbound):
    # given a conversation that last heard from the customer on 3 December 2026, 08:00 UTC
    inbound("سلام، سفارشم نرسیده")
    at = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)
    Conversation.objects.update(last_message_at=at)
    root = user_create(username="root", password="s3cret-pass", role="admin")
    client = Client()
    client.force_login(root)

    # when the admin opens the list of conversations
    html = client.get(reverse("admin:conversations_conversation_changelist")).content.decode()

    # then the date reads 12 Azar 1405, 11:30 in Tehran, not December 2026
    assert "۱۲ آذر ۱۴۰۵، ۱۱:۳۰" in html
    assert "2026" not in html and "دسامبر" not in html


def test_admin_index_names_every_app_in_persian(db):
    root = user_create(username="root", password="s3cret-pass", role="admin")
    client = Client()
    client.force_login(root)

    html = client.get(reverse("admin:index")).content.decode()

    assert "Tasks Database Backend" not in html
    assert "کارهای پس‌زمینه" in html
    assert "hamdel/admin.js" in html and "hamdel/admin.css" in html  # Persian digits and Vazirmatn


def test_a_date_is_typed_in_the_jalali_calendar():
    field = JalaliDateTimeField()
    with translation.override("fa"):
        # Persian or Latin digits, Tehran wall-clock time
        assert field.clean("۱۴۰۵/۰۹/۱۲ ۱۴:۳۰") == dt.datetime(2026, 12, 3, 11, 0, tzinfo=dt.UTC)
        assert field.clean("1405-09-12") == dt.datetime(2026, 12, 2, 20, 30, tzinfo=dt.UTC)
        # and shown back the same way
        assert field.prepare_value(dt.datetime(2026, 12, 3, 11, 0, tzinfo=dt.UTC)) == "۱۴۰۵/۰۹/۱۲ ۱۴:۳۰"
        # Mehr has 30 days; a Gregorian date is not taken for a Jalali one
        for wrong in ("1405/07/31", "2026-12-03 10:00", "فردا"):
            with pytest.raises(ValidationError):
                field.clean(wrong)
