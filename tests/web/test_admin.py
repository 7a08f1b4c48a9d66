"""Every model can be set up in the Persian admin, and every list page opens."""

from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from hamdel.accounts.services import user_create


def test_every_model_is_in_the_admin_and_its_list_opens(inbound):
    inbound("سلام، یک پیام برای پر کردن فهرست‌ها")
    root = user_create(username="root", password="s3cret-pass", role="admin")
    client = Client()
    client.force_login(root)
    models = [m for m in apps.get_models() if m.__module__.startswith("hamdel")]
    missing = [m.__name__ for m in models if m not in admin.site._registry]
    assert missing == []
    for model in models:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, (model.__name__, response.status_code)


def test_admin_index_names_the_feedback_models_in_persian(db):
    root = user_create(username="root", password="s3cret-pass", role="admin")
    client = Client()
    client.force_login(root)

    html = client.get(reverse("admin:index")).content.decode()

    assert "نظرهای ایده‌ها" in html and "پیگیران ایده" in html
    for english in (">Answers<", ">Idea comments<", ">Idea followers<"):
        assert english not in html
