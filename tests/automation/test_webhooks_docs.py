"""docs/webhooks.md: the event catalogue is the code's, and the Python snippet really verifies."""

from __future__ import annotations

import re
from pathlib import Path

from hamdel.automation.webhooks.catalogue import catalogue_markdown
from hamdel.automation.webhooks.signing import signature

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def test_event_catalogue_in_the_docs_matches_the_declarations():
    text = DOC.read_text(encoding="utf-8")
    table = re.search(r"<!-- events:start -->\n(.*?)<!-- events:end -->", text, re.S)
    assert table is not None
    assert table.group(1) == catalogue_markdown(), "regenerate the table from catalogue_markdown()"


def test_the_python_snippet_verifies_a_real_signature():
    text = DOC.read_text(encoding="utf-8")
    code = re.search(r"### Verifying in Python\n\n```python\n(.*?)```", text, re.S)
    assert code is not None
    scope: dict[str, object] = {}
    exec(code.group(1), scope)  # noqa: S102 - our own documentation
    verify = scope["verify"]
    body = b'{"id":"x","event":"sla.breached"}'
    import time

    header = signature("whsec_k", body, int(time.time()))
    assert verify("whsec_k", body, header)  # type: ignore[operator]
    assert not verify("whsec_other", body, header)  # type: ignore[operator]
    assert not verify("whsec_k", body + b"x", header)  # type: ignore[operator]
