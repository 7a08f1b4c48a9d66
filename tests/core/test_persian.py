import datetime as dt

from hamdel.core.persian import fa_digits, jalali_date, jalali_datetime, latin_digits, relative_time


def test_jalali_date_in_persian_with_persian_digits():
    # 2026-11-23 12:00 UTC is 2 Azar 1405 in Tehran
    moment = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    assert jalali_date(moment) == "۲ آذر ۱۴۰۵"
    assert jalali_date(moment, persian=False) == "1405-09-02"


def test_jalali_datetime_uses_tehran_time():
    moment = dt.datetime(2026, 3, 20, 21, 0, tzinfo=dt.UTC)  # 00:30 on 1 Farvardin 1405 in Tehran
    assert jalali_datetime(moment) == "۱ فروردین ۱۴۰۵، ۰۰:۳۰"


def test_digits_round_trip():
    assert fa_digits("سفارش 12345") == "سفارش ۱۲۳۴۵"
    assert latin_digits("۰۹۱۲۱۲۳٤٥٦٧") == "09121234567"


def test_relative_time_falls_back_to_a_date_after_a_week():
    now = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    assert relative_time(now - dt.timedelta(minutes=5), now) == "۵ دقیقه پیش"
    assert relative_time(now - dt.timedelta(days=30), now) == jalali_date(now - dt.timedelta(days=30))
