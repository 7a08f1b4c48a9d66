"""Articles made through the actions, as a publisher would."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hamdel.knowledge.models import Article
from hamdel.knowledge.services import article_create


@pytest.fixture
def write(lead: Any) -> Callable[..., Article]:
    """`write(title, body, visibility="public", **more)`: an article by the supervisor."""

    def make(title: str, body: str = "متن مقاله", visibility: str = "public", **more: Any) -> Article:
        return article_create(
            actor=lead, data={"title": title, "body": body, "visibility": visibility, **more}
        )

    return make
