"""Promises kept: SLA clocks, tracked promises, returns with the withdrawal right, remedies within authority.

One Django app, one subpackage per feature (`sla/`, `promises/`, `returns/`, `remedies/`, `calendars/`
for the calendar pages and API; the calendar model and its arithmetic live in `core/` so every app can count
business time). Each subpackage wires itself in from its `wiring.ready()`, called by `apps.py`.
"""
