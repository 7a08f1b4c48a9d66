"""Feedback models in the Persian admin, for set-up and inspection; the team works in the feedback pages."""

from django.contrib import admin

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


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("name", "anonymous", "created_at")
    inlines = [QuestionInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ("id", "survey", "completed_at")
    list_filter = ("survey",)
    inlines = [AnswerInline]


@admin.register(FeedbackItem)
class FeedbackItemAdmin(admin.ModelAdmin):
    list_display = ("id", "source", "rating", "sentiment", "created_at")
    list_filter = ("source", "sentiment")
    search_fields = ("text",)


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
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
    admin.site.register(model)
