"""Feedback writes, one action per operation: permission, validation, one transaction, events after commit.

surveys      building surveys and their triggers            (survey.manage)
invitations  inviting one customer, sending invitations     (survey.send)
triggers     after resolution, after delivery               (Hamdel itself)
responses    storing a customer's answers                   (public, validated)
recovery     a follow-up conversation for unhappy answers   (Hamdel itself)
calls        follow-up call lists and their outcomes        (survey.manage, feedback.record)
cards        satisfaction cards per branch or counter       (survey.manage)
listening    reviews, mentions, audits, focus groups        (feedback.record, survey.manage)
ideas        the ideas board                                (public, idea.manage, feedback.record)
"""

from hamdel.feedback.services.calls import call_list_build, call_record
from hamdel.feedback.services.cards import location_create
from hamdel.feedback.services.ideas import (
    idea_comment,
    idea_from_conversation,
    idea_merge,
    idea_set_status,
    idea_submit,
    idea_vote,
    ideas_notify_done,
)
from hamdel.feedback.services.invitations import (
    invitation_create,
    invitation_send,
    invitations_send_due,
    survey_invite,
)
from hamdel.feedback.services.listening import (
    audit_record,
    audit_template_create,
    focus_group_create,
    item_analyze,
    item_create,
)
from hamdel.feedback.services.recovery import response_recover
from hamdel.feedback.services.responses import response_save
from hamdel.feedback.services.surveys import survey_create, survey_export, survey_update
from hamdel.feedback.services.triggers import on_conversation_resolved, order_invitations_run

__all__ = [
    "audit_record",
    "audit_template_create",
    "call_list_build",
    "call_record",
    "focus_group_create",
    "idea_comment",
    "idea_from_conversation",
    "idea_merge",
    "idea_set_status",
    "idea_submit",
    "idea_vote",
    "ideas_notify_done",
    "invitation_create",
    "invitation_send",
    "invitations_send_due",
    "item_analyze",
    "item_create",
    "location_create",
    "on_conversation_resolved",
    "order_invitations_run",
    "response_recover",
    "response_save",
    "survey_create",
    "survey_export",
    "survey_invite",
    "survey_update",
]
