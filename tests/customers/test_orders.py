"""Orders: posted by a shop (idempotent on its id), delivery set, CSV import; bad input writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hamdel.accounts.models import Role
from hamdel.accounts.services import api_key_create, user_create
from hamdel.customers.models import ChannelIdentity, Customer, Order, OrderItem
from hamdel.customers.orders import orders_import
from hamdel.customers.services import customer_resolve
from tests.conftest import ApiClient


@pytest.fixture
def shop(db: None) -> ApiClient:
    """The shop's integration: a supervisor's key (orders need ORDER_MANAGE)."""
    user = user_create(username="shop", password="s3cret-pass", role=Role.SUPERVISOR)
    return ApiClient(api_key_create(name="shop", user=user)[1])


def order_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "external_id": "DK-1001",
        "customer": {"name": "مریم احمدی", "email": "Maryam@Example.ir", "phone": "۰۹۱۲۱۲۳۴۵۶۷"},
        "channel": "online",
        "ordered_at": "2026-11-20T10:00:00+03:30",
        "items": [
            {"sku": "KTL-1", "name": "کتری برقی", "quantity": 1, "unit_price": 12_500_000},
            {"sku": "CUP-6", "name": "لیوان", "quantity": 6, "unit_price": 450_000},
        ],
    }
    body.update(overrides)
    return body


def test_a_new_order_finds_its_customer_and_the_same_post_again_gives_the_same_id(shop: ApiClient) -> None:
    # given a customer who already wrote to us by phone
    known = customer_resolve(kind="phone", address="09121234567", name="مریم")
    # when the shop posts the order twice (a retried webhook)
    first = shop.post("/orders", order_body())
    again = shop.post("/orders", order_body())
    # then one order, on the known customer (no duplicate person), with the total computed in rials
    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    order = Order.objects.get()
    assert order.customer == known and Customer.objects.count() == 1
    assert order.total == 12_500_000 + 6 * 450_000
    assert ChannelIdentity.objects.filter(customer=known, kind="email", address="maryam@example.ir").exists()
    shown = shop.get(f"/orders/{order.pk}").json()
    assert shown["external_id"] == "DK-1001" and [i["sku"] for i in shown["items"]] == ["KTL-1", "CUP-6"]
    assert [o["id"] for o in shop.get("/orders", customer_id=known.pk).json()] == [order.pk]


def test_the_same_id_with_other_content_is_a_conflict_and_changes_nothing(shop: ApiClient) -> None:
    shop.post("/orders", order_body())
    changed = order_body(items=[{"sku": "KTL-1", "name": "کتری", "quantity": 2, "unit_price": 12_500_000}])
    response = shop.post("/orders", changed)
    assert response.status_code == 409 and response.json()["code"] == "order_conflict"
    assert list(OrderItem.objects.filter(sku="KTL-1").values_list("quantity", flat=True)) == [1]


def test_bad_input_is_one_persian_400_naming_every_field_and_writes_nothing(shop: ApiClient) -> None:
    # given an order with a negative quantity and price, an unknown channel, delivered before ordered
    body = order_body(
        channel="fax",
        delivered_at="2026-11-19T10:00:00+03:30",
        items=[{"sku": "KTL-1", "name": "کتری", "quantity": -1, "unit_price": -5}],
    )
    # when the shop posts it
    response = shop.post("/orders", body)
    # then every bad field is named, in Persian, and no customer or order was made
    assert response.status_code == 400
    data = response.json()
    named = {f["field"] for f in data["extra"]["fields"]}
    assert named == {"channel", "delivered_at", "items.0.quantity", "items.0.unit_price"}
    assert "منفی" in data["message"] and "items.0.quantity" in data["message"]
    assert Order.objects.count() == 0 and Customer.objects.count() == 0


def test_an_order_without_email_or_phone_is_refused(shop: ApiClient) -> None:
    response = shop.post("/orders", order_body(customer={"name": "بی‌نشان"}))
    assert response.status_code == 400
    assert {f["field"] for f in response.json()["extra"]["fields"]} == {"customer"}


def test_delivery_update_sets_the_time_and_refuses_a_time_before_the_order(shop: ApiClient) -> None:
    order_id = shop.post("/orders", order_body()).json()["id"]
    too_early = shop.patch(f"/orders/{order_id}", {"delivered_at": "2026-11-01T09:00:00+03:30"})
    done = shop.patch(f"/orders/{order_id}", {"delivered_at": "2026-11-23T16:30:00+03:30"})
    assert too_early.status_code == 400 and too_early.json()["extra"]["fields"][0]["field"] == "delivered_at"
    assert done.status_code == 200
    assert done.json()["delivered_at"].startswith("2026-11-23T13:00:00")  # stored in UTC
    # a re-post without the delivery time is still the same order
    assert shop.post("/orders", order_body()).status_code == 200


def test_an_agent_may_read_orders_but_not_write_them(shop: ApiClient, api: ApiClient) -> None:
    order_id = shop.post("/orders", order_body()).json()["id"]
    refused = api.post("/orders", order_body(external_id="DK-2"))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert api.patch(f"/orders/{order_id}", {"delivered_at": None}).status_code == 403
    assert api.get(f"/orders/{order_id}").status_code == 200
    assert Order.objects.count() == 1


def test_csv_import_takes_good_orders_and_reports_bad_rows(lead: Any) -> None:
    text = (
        "external_id,customer_name,email,phone,channel,ordered_at,delivered_at,sku,name,quantity,unit_price,total\n"
        'C-1,رضا,reza@example.ir,,online,1405/08/29 10:00,,BK-1,کتاب,2,"1,200,000",\n'
        "C-1,رضا,reza@example.ir,,online,1405/08/29 10:00,,BK-2,دفتر,1,300000,\n"
        "C-2,نیما,,09351112233,store,2026-11-20,,TV-1,تلویزیون,-1,90000000,\n"
        "C-3,سمیرا,samira@example.ir,,phone,2026-11-21T12:00:00+03:30,2026-11-22,HD-1,هدفون,1,7000000,\n"
    )
    summary = orders_import(actor=lead, text=text)
    again = orders_import(actor=lead, text=text)
    assert (summary.created, summary.unchanged) == (2, 0)
    assert [(e["row"], e["external_id"]) for e in summary.errors] == [(4, "C-2")]
    assert summary.errors[0]["extra"]["fields"][0]["field"] == "items.0.quantity"
    assert (again.created, again.unchanged) == (0, 2)
    c1 = Order.objects.get(number="C-1")
    assert c1.total == 2 * 1_200_000 + 300_000 and c1.items.count() == 2
    assert c1.ordered_at == dt.datetime(2026, 11, 20, 6, 30, tzinfo=dt.UTC)  # 29 Aban 1405, 10:00 Tehran


def test_orders_show_on_the_customer_page_with_jalali_dates_and_persian_digits(
    shop: ApiClient, agent_client: Any
) -> None:
    order_id = shop.post("/orders", order_body(delivered_at="2026-11-23T16:30:00+03:30")).json()["id"]
    customer_id = Order.objects.get(pk=order_id).customer_id
    page = agent_client.get(f"/customers/{customer_id}/").content.decode()
    assert "DK-1001" in page
    assert "۲۹ آبان ۱۴۰۵" in page  # ordered 20 Nov 2026
    assert "۱۵٬۲۰۰٬۰۰۰" in page  # the total with Persian digits and thousands separators


def test_the_import_orders_command_reports_refused_rows(
    db: None, tmp_path: Any, capsys: Any, monkeypatch: Any
) -> None:
    from hamdel import cli

    monkeypatch.setattr(cli, "_manage", lambda *args: None)  # the test database is already migrated
    path = tmp_path / "orders.csv"
    path.write_text(
        "external_id,email,channel,ordered_at,sku,name,quantity,unit_price\n"
        "X-1,a@example.ir,online,2026-11-20,S-1,کالا,1,1000\n"
        "X-2,b@example.ir,carrier-pigeon,2026-11-20,S-1,کالا,1,1000\n",
        encoding="utf-8",
    )
    assert cli.main(["import-orders", str(path)]) == 1
    out = capsys.readouterr().out
    assert "created: 1, unchanged: 0, refused: 1" in out and "row 3 (X-2)" in out
    assert list(Order.objects.values_list("number", flat=True)) == ["X-1"]
