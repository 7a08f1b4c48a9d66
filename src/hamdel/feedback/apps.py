from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "hamdel.feedback"
    label = "feedback"
    verbose_name = _("Voice of the customer")

    def ready(self) -> None:
        """Survey triggers and recovery follow domain events, as tasks after commit."""
        from hamdel.core.events import listen
        from hamdel.core.schedule import every
        from hamdel.feedback import events, tasks  # noqa: F401  (declares the events)

        every(600, tasks.tick)  # invitations due and delivery follow-ups, every 10 minutes
        listen("conversation_resolved", tasks.survey_after_resolution)
        listen("feedback_response_completed", tasks.recover_response)
