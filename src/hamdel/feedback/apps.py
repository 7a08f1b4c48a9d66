from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "hamdel.feedback"
    label = "feedback"
    verbose_name = _("Voice of the customer")

    def ready(self) -> None:
        """Wire the app in from its own package: event listeners, periodic work, menu entry and panels."""
        from hamdel.customers.privacy import erase_hook_register, export_hook_register
        from hamdel.feedback.privacy import erase_feedback, export_feedback

        export_hook_register(export_feedback)
        erase_hook_register(erase_feedback)
        from hamdel.conversations.events import ConversationResolved
        from hamdel.core.events import listen
        from hamdel.core.permissions import Perm
        from hamdel.core.schedule import every
        from hamdel.core.slots import (
            NavItem,
            Panel,
            nav_register,
            panel_register,
            rule_action_register,
            survey_scores_register,
        )
        from hamdel.feedback import panels, rule_actions, scores, snapshots, tasks
        from hamdel.feedback.events import (
            FeedbackItemCreated,
            IdeaDone,
            InvitationScheduled,
            ResponseCompleted,
        )

        snapshots.register()  # the `survey.answered` webhook's snapshot of the response
        every(600, tasks.tick)  # invitations due and delivery follow-ups, every 10 minutes
        listen(ConversationResolved, tasks.survey_after_resolution)
        listen(ResponseCompleted, tasks.recover_response)
        listen(FeedbackItemCreated, tasks.analyze_item)
        listen(IdeaDone, tasks.notify_idea_done)
        listen(InvitationScheduled, tasks.schedule_invitation)
        rule_action_register(rule_actions.SEND_SURVEY)  # automation rules' "send a survey"
        survey_scores_register(scores.survey_scores)  # CSAT/CES/NPS answers for insights

        nav_register(
            NavItem(
                key="feedback",
                label=_("Voice of the customer"),
                url_name="feedback:home",
                order=30,
                perm=Perm.CUSTOMER_VIEW,
                current=("feedback",),
            )
        )
        panel_register(
            "conversation",
            Panel(
                key="feedback",
                title=_("Voice of the customer"),
                template="feedback/_conversation_card.html",
                context=panels.conversation_panel,
                order=40,
                perm=Perm.CUSTOMER_VIEW,
            ),
        )
        panel_register(
            "customer",
            Panel(
                key="feedback",
                title=_("Feedback and survey answers"),
                template="feedback/_customer_card.html",
                context=panels.customer_panel,
                order=40,
                perm=Perm.CUSTOMER_VIEW,
            ),
        )
