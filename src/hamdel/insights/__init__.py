"""Insights: one metric layer over rollup tables, the dashboards, the summary API and the exports.

Facts (one row per message, conversation, survey answer, outcome event) are written by listeners of the typed
events; rollups (per reporting time zone, per day and per hour of today) are computed from the facts and are
all a dashboard reads. `hamdel insights rebuild --since YYYY-MM-DD` recomputes both from the source tables.
The sub-package `hamdel.insights.problems` (recurring problems, journey, loyalty) is its own Django app; its
pages join the insights sub-navigation through `hamdel.insights.pages.page_register`.
"""
