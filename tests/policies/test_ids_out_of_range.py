"""Ids no row can have (20 digits, zero, negative): refused in list filters (422), not found in paths."""

from __future__ import annotations

import pytest

from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

HUGE = "9" * 20


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/orders", {"customer_id": HUGE}),
        ("/orders", {"customer_id": "0"}),
        ("/returns", {"order_id": HUGE}),
        ("/returns", {"customer_id": "-3"}),
    ],
)
def test_list_filters_with_impossible_ids_are_refused(
    api: ApiClient, path: str, params: dict[str, str]
) -> None:
    response = api.get(path, **params)
    assert response.status_code == 422, response.content
    assert response.json()["extra"]["fields"][0]["field"] == next(iter(params))


@pytest.mark.parametrize(
    "path",
    [f"/orders/{HUGE}", f"/returns/{HUGE}", f"/calendars/{HUGE}", f"/promises/{HUGE}", f"/remedies/{HUGE}"],
)
def test_one_row_with_an_impossible_id_is_a_persian_404(api: ApiClient, path: str) -> None:
    response = api.get(path) if not path.startswith("/promises") else api.patch(path, {"status": "kept"})
    assert response.status_code == 404, response.content
    assert response.json()["message"]
