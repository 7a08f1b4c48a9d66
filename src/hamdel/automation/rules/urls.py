"""Rules pages (issue 16, item 1): built on the h/automation-rules branch; empty here."""

urlpatterns: list[object] = []
