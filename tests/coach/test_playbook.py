"""The objection playbook through its API: CRUD for team leads, search for agents, whole validation."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command

from hamdel.accounts.models import User
from hamdel.accounts.services import api_key_create
from hamdel.coach.playbook.models import PlaybookEntry
from hamdel.core.models import AuditLog
from tests.coach.playbook_fixtures import load_starter
from tests.conftest import ApiClient


@pytest.fixture
def lead_api(lead: User) -> ApiClient:
    _key, plain = api_key_create(name="lead", user=lead)
    return ApiClient(plain)


@pytest.fixture
def starter(lead: User) -> list[dict[str, Any]]:
    return load_starter(lead)


ENTRY = {
    "title": "گران است",
    "phrasings": ["قیمتش خیلی بالاست", "گرونه"],
    "answer": "حق دارید؛ بیایید ببینیم این مبلغ ماهانه چقدر می‌شود.",
    "evidence": "اقساط سه‌ماهه",
    "product_line": "لوازم خانگی",
    "tags": ["قیمت"],
}


def test_a_lead_writes_an_entry_and_an_agent_finds_it(lead_api: ApiClient, api: ApiClient) -> None:
    # given a team lead adds an objection
    created = lead_api.post("/playbook", ENTRY)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["title"] == "گران است" and body["active"] is True and body["phrasings"] == ENTRY["phrasings"]
    # when an agent searches the way a customer writes it (colloquial, Arabic ي)
    found = api.get("/playbook/search", q="خيلي گرونه")
    # then the entry comes first with its answer, a snippet and a score
    assert found.status_code == 200
    hits = found.json()
    assert hits[0]["id"] == body["id"]
    assert hits[0]["answer"] == ENTRY["answer"]
    assert hits[0]["score"] == 1.0
    assert set(hits[0]) >= {"id", "title", "answer", "snippet", "score"}
    assert AuditLog.objects.filter(action="playbook_entry.create", target="گران است").exists()


def test_get_patch_and_delete(lead_api: ApiClient) -> None:
    entry_id = lead_api.post("/playbook", ENTRY).json()["id"]
    assert lead_api.get(f"/playbook/{entry_id}").json()["evidence"] == "اقساط سه‌ماهه"
    changed = lead_api.patch(f"/playbook/{entry_id}", {"answer": "پاسخ تازه", "tags": "قیمت، فروش"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["answer"] == "پاسخ تازه"
    assert changed.json()["tags"] == ["قیمت", "فروش"]
    assert changed.json()["title"] == "گران است"  # fields not named stay as they were
    gone = lead_api.client.delete(f"/api/v1/playbook/{entry_id}", headers=lead_api.headers)
    assert gone.status_code == 204
    missing = lead_api.get(f"/playbook/{entry_id}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert missing.json()["message"] == "چنین موردی در راهنمای اعتراض‌ها پیدا نشد."


def test_every_bad_field_is_named_in_persian_and_nothing_is_saved(lead_api: ApiClient) -> None:
    response = lead_api.post("/playbook", {"title": "  ", "phrasings": ["x" * 400], "tags": ["ok"]})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_playbook_entry"
    named = {e["field"] for e in body["extra"]["errors"]}
    assert named == {"title", "answer", "phrasings"}
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["message"])  # a Persian message
    assert PlaybookEntry.objects.count() == 0


def test_a_refused_change_changes_nothing(lead_api: ApiClient) -> None:
    entry_id = lead_api.post("/playbook", ENTRY).json()["id"]
    response = lead_api.patch(f"/playbook/{entry_id}", {"answer": "", "title": "عنوان تازه"})
    assert response.status_code == 400
    assert PlaybookEntry.objects.get(pk=entry_id).title == "گران است"


def test_agents_search_but_do_not_write(api: ApiClient, lead_api: ApiClient) -> None:
    entry_id = lead_api.post("/playbook", ENTRY).json()["id"]
    assert api.post("/playbook", ENTRY).status_code == 403
    assert api.patch(f"/playbook/{entry_id}", {"answer": "x"}).json()["code"] == "forbidden"
    assert api.client.delete(f"/api/v1/playbook/{entry_id}", headers=api.headers).status_code == 403
    assert PlaybookEntry.objects.get(pk=entry_id).answer == ENTRY["answer"]
    assert api.get("/playbook").status_code == 200


def test_a_search_right_after_a_change_sees_it(lead_api: ApiClient, api: ApiClient) -> None:
    entry_id = lead_api.post("/playbook", ENTRY).json()["id"]
    assert [h["id"] for h in api.get("/playbook/search", q="بالاست").json()] == [entry_id]
    # switched off: out of the search at once
    lead_api.patch(f"/playbook/{entry_id}", {"active": False})
    assert api.get("/playbook/search", q="گرونه").json() == []
    # a phrasing replaced: the new one is found at once, the old one no longer
    lead_api.patch(f"/playbook/{entry_id}", {"active": True, "phrasings": ["پولش زیاده"]})
    assert [h["id"] for h in api.get("/playbook/search", q="پولش زیاده").json()] == [entry_id]
    assert api.get("/playbook/search", q="بالاست").json() == []


def test_starter_set_ranks_the_right_objection_first(starter: list[dict[str, Any]], api: ApiClient) -> None:
    # given the 30+ Persian starter entries
    assert len(starter) >= 30
    # when agents type objections in customers' words
    cases = {
        "باید فکر کنم، بعداً خبر میدم": "باید فکر کنم",
        "رقيب ارزونتر میده": "رقیب ارزان‌تر می‌دهد",
        "سرم شلوغه بعدا زنگ بزنید": "الان وقت ندارم",
        "اینترنتم خیلی کنده": "سرعت اینترنت پایین است",
        "گارانتیش کمه": "گارانتی کوتاه است",
    }
    for query, title in cases.items():
        hits = api.get("/playbook/search", q=query).json()
        assert hits and hits[0]["title"] == title, (query, [h["title"] for h in hits[:3]])


def test_search_filters_by_product_line_and_limits(starter: list[dict[str, Any]], api: ApiClient) -> None:
    hits = api.get("/playbook/search", q="گران", product_line="لوازم خانگی", limit=3).json()
    assert 0 < len(hits) <= 3
    assert {h["product_line"] for h in hits} == {"لوازم خانگی"}


def test_bad_queries_get_a_clear_answer_fast(starter: list[dict[str, Any]], api: ApiClient) -> None:
    assert api.get("/playbook/search", q="").json() == []
    assert api.get("/playbook/search", q="😀😀").json() == []
    long = api.get("/playbook/search", q="قیمت گران است " * 700)  # ~10,000 characters
    assert long.status_code == 200 and long.json()[0]["title"] in {"گران است", "نرم‌افزار حسابداری گران است"}
    too_long = api.get("/playbook/search", q="x" * 20_001)
    assert 400 <= too_long.status_code < 500 and too_long.json()["message"]


def test_load_command_is_idempotent(db: None) -> None:
    call_command("playbook_load", verbosity=0)
    first = PlaybookEntry.objects.count()
    assert first >= 30
    call_command("playbook_load", verbosity=0)
    assert PlaybookEntry.objects.count() == first


def test_import_refuses_a_bad_file_whole(lead: User) -> None:
    from hamdel.coach.playbook.services import playbook_import
    from hamdel.core.errors import ApplicationError

    entries = [ENTRY, {"title": "بدون پاسخ"}]
    try:
        playbook_import(actor=lead, entries=json.loads(json.dumps(entries)))
    except ApplicationError as exc:
        assert exc.extra["entries"][0]["entry"] == 2
    else:
        raise AssertionError("a bad entry must refuse the import")
    assert PlaybookEntry.objects.count() == 0
