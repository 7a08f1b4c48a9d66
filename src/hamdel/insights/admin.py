"""The report tables in the admin, to look at only: they are derived from events and rebuilt by
`hamdel insights rebuild`, never edited by hand."""

from django.contrib import admin

from hamdel.core.admin_readonly import ReadOnly
from hamdel.insights import models

for _model in (
    models.MessageFact,
    models.ConversationFact,
    models.ConversationTag,
    models.SurveyFact,
    models.OutcomeFact,
    models.Rollup,
    models.LabelRollup,
    models.DurationRollup,
    models.DirtyDay,
):
    admin.site.register(_model, type(f"{_model.__name__}Admin", (ReadOnly, admin.ModelAdmin), {}))
