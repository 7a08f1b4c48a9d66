"""Feedback forms with an id that is not an id: a Persian message or "not chosen", never a 500; the public
vote button never sends a visitor to another site."""

from __future__ import annotations

import pytest
from django.test import Client

from hamdel.feedback.models import AuditTemplate, FeedbackItem, FollowUpCall, Location
from hamdel.feedback.services import audit_template_create, idea_submit

HUGE = "99999999999999999999999"


@pytest.fixture
def lead_client(lead) -> Client:
    client = Client()
    client.force_login(lead)
    return client


def _flash(response: object) -> list[str]:
    return [str(m) for m in response.context["messages"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("bad", ["abc", HUGE])
def test_a_card_or_call_list_for_a_survey_that_is_not_an_id_asks_to_choose_one(lead_client, csat_survey, bad):
    """Given the cards and calls pages, when a lead posts a survey that is not an id, then the page asks
    them to choose a survey (as for an empty choice) and nothing is made."""
    cards = lead_client.post("/feedback/cards/", {"branch": "ونک", "survey": bad}, follow=True)
    assert cards.status_code == 200 and len(_flash(cards)) == 1
    calls = lead_client.post("/feedback/calls/", {"survey": bad, "days": "7", "basis": "order"}, follow=True)
    assert calls.status_code == 200 and _flash(calls) == ["نظرسنجیِ تماس را انتخاب کنید."]
    assert not Location.objects.exists() and not FollowUpCall.objects.exists()


@pytest.mark.parametrize("bad", ["abc", HUGE])
def test_audits_and_listening_with_ids_that_are_not_ids(lead_client, lead, bad):
    template = audit_template_create(actor=lead, name="بازدید شعبه", items=["ادب", "نظافت"])
    page = lead_client.get("/feedback/audits/", {"template": bad})
    assert page.status_code == 200 and page.context["template"] == template
    posted = lead_client.post("/feedback/audits/", {"template": bad, "branch": "ونک"}, follow=True)
    assert posted.status_code == 200 and _flash(posted) == ["یک چک‌لیست انتخاب کنید."]
    assert AuditTemplate.objects.get().audits.count() == 0
    noted = lead_client.post(
        "/feedback/listening/", {"source": "review", "text": "خیلی خوب بود", "customer": bad}, follow=True
    )
    assert noted.status_code == 200
    assert FeedbackItem.objects.filter(customer__isnull=True).count() == 1


def test_the_public_vote_button_never_leads_to_another_site(db):
    idea = idea_submit(title="اپلیکیشن موبایل", voter="v1")
    visitor = Client()
    away = visitor.post(f"/feedback/ideas/{idea.pk}/vote/", {"next": "//evil.example/phish"})
    assert away.status_code == 302 and "evil" not in away["Location"]
    home = visitor.post(f"/feedback/ideas/{idea.pk}/vote/", {"next": f"/feedback/ideas/{idea.pk}/"})
    assert home["Location"] == f"/feedback/ideas/{idea.pk}/"
