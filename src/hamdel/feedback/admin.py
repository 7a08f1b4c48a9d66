"""Feedback models in the Persian admin, to look at only; the team works in the feedback pages.

Every change goes through the actions in `feedback.services` (permission, survey checks, "we did it"
notifications, events); an admin form that saved the model directly would skip all of that.
"""

from django.contrib import admin

from hamdel.core.admin_readonly import ReadOnly
from hamdel.feedback.models import (
    Answer,
    Audit,
    AuditTemplate,
    FeedbackItem,
    FocusGroup,
    FollowUpCall,
    Idea,
    IdeaComment,
    IdeaFollower,
    Invitation,
    Location,
    Question,
    Response,
    Survey,
)


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass


class QuestionInline(ReadOnly, admin.TabularInline):
    model = Question
    extra = 0


class AnswerInline(ReadOnly, admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("name", "anonymous", "created_at")
    inlines = [QuestionInline]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("id", "survey", "completed_at")
    list_filter = ("survey",)
    inlines = [AnswerInline]


@admin.register(FeedbackItem)
class FeedbackItemAdmin(ReadOnlyAdmin):
    list_display = ("id", "source", "rating", "sentiment", "created_at")
    list_filter = ("source", "sentiment")
    search_fields = ("text",)


@admin.register(Idea)
class IdeaAdmin(ReadOnlyAdmin):
    list_display = ("title", "status", "created_at")
    list_filter = ("status",)
    search_fields = ("title",)


for model in (
    Invitation,
    Location,
    IdeaFollower,
    IdeaComment,
    FollowUpCall,
    AuditTemplate,
    Audit,
    FocusGroup,
    Question,
    Answer,
):
    admin.site.register(model, ReadOnlyAdmin)
