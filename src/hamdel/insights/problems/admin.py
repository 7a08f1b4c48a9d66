"""Recurring problems in the admin, to look at only: naming, merging and fixing go through the actions
on /insights/problems/ (permission, audit, events)."""

from django.contrib import admin

from hamdel.core.admin_readonly import ReadOnly
from hamdel.insights.problems import models

for _model in (
    models.Problem,
    models.ProblemMessage,
    models.ProblemState,
    models.JourneyStage,
    models.SurveySignal,
    models.LoyaltySnapshot,
):
    admin.site.register(_model, type(f"{_model.__name__}Admin", (ReadOnly, admin.ModelAdmin), {}))
