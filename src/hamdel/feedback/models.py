"""Surveys and their answers, invitations, ideas, and every other listening post (issue 5).

Answers are stored twice on purpose: as the raw JSON the customer sent (`Response.answers`, kept as
received) and as one `Answer` row per question with a numeric or text value, so the metrics are plain
aggregates that run the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamdel.core.models import TimeStampedModel


def new_token() -> str:
    """URL-safe and long enough that nobody can guess another customer's invitation."""
    return secrets.token_urlsafe(24)


def new_key() -> str:
    return secrets.token_urlsafe(9)


class QuestionType(models.TextChoices):
    CSAT = "csat", _("Satisfaction (CSAT, 1–5)")
    CES = "ces", _("Customer effort (CES, 1–7)")
    NPS = "nps", _("Would recommend (NPS, 0–10)")
    RATING = "rating", _("Rating (1–5)")
    SINGLE = "single_choice", _("Single choice")
    MULTIPLE = "multiple_choice", _("Multiple choice")
    TEXT = "text", _("Open text")


SCALES: dict[str, tuple[int, int]] = {"csat": (1, 5), "ces": (1, 7), "nps": (0, 10), "rating": (1, 5)}


class Trigger(models.TextChoices):
    MANUAL = "manual", _("By link, QR code or by hand")
    RESOLUTION = "resolution", _("After a conversation is resolved")
    DELIVERY = "delivery", _("Days after an order is delivered")


class Survey(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    thank_you = models.TextField(_("thank-you message"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("No customer identity is stored with the answers.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    public_key = models.CharField(_("public key"), max_length=20, unique=True, default=new_key)
    trigger = models.CharField(_("sent"), max_length=20, choices=Trigger.choices, default=Trigger.MANUAL)
    delay_minutes = models.PositiveIntegerField(_("delay after resolution (minutes)"), default=60)
    days_after_delivery = models.PositiveSmallIntegerField(_("days after delivery"), default=7)
    cooldown_days = models.PositiveSmallIntegerField(
        _("at most one invitation per customer every (days)"), default=30
    )
    expires_days = models.PositiveSmallIntegerField(_("invitation valid for (days)"), default=14)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(_("key"), max_length=40)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    text = models.CharField(_("question"), max_length=500)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    style = models.CharField(_("style"), max_length=10, default="faces", blank=True)  # faces | stars
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Branching: ask only when the answer to `show_if_key` is ≤ / ≥ / = `show_if_value` (or one of a list).
    show_if_key = models.CharField(_("only if the answer to"), max_length=40, blank=True)
    show_if_op = models.CharField(_("is"), max_length=3, blank=True)  # lte | gte | eq | in
    show_if_value = models.JSONField(_("value"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique")]

    def __str__(self) -> str:
        return self.text

    @property
    def scale(self) -> tuple[int, int] | None:
        return SCALES.get(self.type)

    @property
    def is_scale(self) -> bool:
        return self.type in SCALES

    @property
    def is_choice(self) -> bool:
        return self.type in (QuestionType.SINGLE, QuestionType.MULTIPLE)


class Location(TimeStampedModel):
    """A branch or counter where in-person customers find a satisfaction card with a QR code."""

    branch = models.CharField(_("branch"), max_length=120)
    counter = models.CharField(_("counter"), max_length=120, blank=True)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="locations")
    key = models.CharField(_("card key"), max_length=20, unique=True, default=new_key)

    class Meta:
        verbose_name = _("branch or counter")
        verbose_name_plural = _("branches and counters")
        ordering = ["branch", "counter"]

    def __str__(self) -> str:
        return f"{self.branch} — {self.counter}" if self.counter else self.branch


class InvitationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    SKIPPED = "skipped", _("Not sent")


class Invitation(models.Model):
    """One customer's personal, one-time link to a survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.ForeignKey("customers.Order", null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.CharField(_("reason"), max_length=20, default=Trigger.MANUAL)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.SCHEDULED
    )
    skip_reason = models.CharField(_("why not sent"), max_length=200, blank=True)
    scheduled_at = models.DateTimeField(_("send at"), db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    answered = models.BooleanField(_("answered"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["customer", "created_at"], name="invitation_customer_recent")]

    def __str__(self) -> str:
        return f"{self.survey} → {self.customer_id or '-'}"


class Source(models.TextChoices):
    """Where a survey response or a piece of feedback came from."""

    INVITATION = "invitation", _("Invitation")
    LINK = "link", _("Link")
    CARD = "card", _("Satisfaction card")
    PHONE = "phone", _("Follow-up call")
    API = "api", _("API")


class Response(models.Model):
    """One customer's answers; partial until `completed_at` is set. Anonymous: no customer, no links."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.LINK)
    answers = models.JSONField(_("answers"), default=dict)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("recorded by"),
    )
    recovery_conversation = models.ForeignKey(
        "conversations.Conversation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recovered_responses",
        verbose_name=_("follow-up conversation"),
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["survey", "completed_at"], name="response_survey_done")]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"

    def labelled_answers(self) -> list[tuple[str, str]]:
        """(question as the customer read it, answer) in the survey's order, for staff pages."""
        rows = []
        for question in self.survey.questions.all():
            if question.key not in self.answers:
                continue
            value = self.answers[question.key]
            if isinstance(value, list):
                value = "، ".join(str(v) for v in value)
            rows.append((question.text, str(value)))
        return rows


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="rows")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.FloatField(null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.question.key}={self.number if self.number is not None else self.text}"


# --- listening posts ----------------------------------------------------------------------------------------


class ItemSource(models.TextChoices):
    SURVEY = "survey", _("Survey comments")
    REVIEW = "review", _("Product reviews")
    SOCIAL = "social", _("Social mentions")
    SUGGESTION = "suggestion", _("Suggestion box and ideas")
    AUDIT = "audit", _("Mystery shopping")
    FOCUS_GROUP = "focus_group", _("Focus groups")
    CARD = "card", _("Satisfaction cards")
    CALL = "call", _("Follow-up calls")


SENTIMENT_LABELS = {
    "very_negative": _("very negative"),
    "negative": _("negative"),
    "neutral": _("neutral"),
    "positive": _("positive"),
    "very_positive": _("very positive"),
}


class FeedbackItem(models.Model):
    """One piece of feedback from any listening post, analysed by the language module after creation."""

    source = models.CharField(_("source"), max_length=20, choices=ItemSource.choices, db_index=True)
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_items",
        verbose_name=_("customer"),
    )
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    rating = models.FloatField(_("rating"), null=True, blank=True)
    rating_max = models.PositiveSmallIntegerField(_("out of"), null=True, blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL)
    response = models.ForeignKey(Response, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    sentiment = models.CharField(_("sentiment"), max_length=20, blank=True)
    polarity = models.FloatField(_("polarity"), null=True, blank=True)
    emotion = models.CharField(_("emotion"), max_length=20, blank=True)
    intent = models.CharField(_("intent"), max_length=40, blank=True)
    model_version = models.CharField(_("model version"), max_length=60, blank=True)
    analysed_at = models.DateTimeField(_("analysed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["source", "occurred_at"], name="item_source_time")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.text[:50]}"

    @property
    def sentiment_label(self) -> str:
        return str(SENTIMENT_LABELS.get(self.sentiment, _("not read yet")))


# --- ideas --------------------------------------------------------------------------------------------------


class IdeaStatus(models.TextChoices):
    NEW = "new", _("New")
    REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class Idea(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    public_reply = models.TextField(_("our answer"), blank=True)
    author_name = models.CharField(_("suggested by"), max_length=120, blank=True)
    customer = models.ForeignKey("customers.Customer", null=True, blank=True, on_delete=models.SET_NULL)
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    votes = models.PositiveIntegerField(_("votes"), default=0)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-votes", "-created_at"]

    def __str__(self) -> str:
        return self.title


class IdeaFollower(models.Model):
    """Someone who asked for or voted for an idea and is told when it is done."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="followers")
    voter = models.CharField(max_length=64)  # a session or customer key: one vote per person
    voted = models.BooleanField(default=True)
    customer = models.ForeignKey("customers.Customer", null=True, blank=True, on_delete=models.SET_NULL)
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idea follower")
        verbose_name_plural = _("idea followers")
        constraints = [models.UniqueConstraint(fields=["idea", "voter"], name="idea_voter_unique")]

    def __str__(self) -> str:
        return f"{self.idea_id}:{self.voter}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))
    author_name = models.CharField(_("name"), max_length=120, blank=True)
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idea comment")
        verbose_name_plural = _("idea comments")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:50]


# --- follow-up calls, audits, focus groups ------------------------------------------------------------------


class CallStatus(models.TextChoices):
    TO_CALL = "to_call", _("To call")
    DONE = "done", _("Called")
    NO_ANSWER = "no_answer", _("No answer")
    DECLINED = "declined", _("Did not want to talk")


class FollowUpCall(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="calls")
    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    due_on = models.DateField(_("call on"))
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.TO_CALL
    )
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    response = models.OneToOneField(Response, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.TextField(_("note"), blank=True)
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    order = models.ForeignKey("customers.Order", null=True, blank=True, on_delete=models.SET_NULL)
    conversation = models.ForeignKey(
        "conversations.Conversation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "customer", "due_on"], name="call_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.due_on}"


class AuditTemplate(TimeStampedModel):
    """A mystery-shopping checklist: one line per thing the shopper checks."""

    name = models.CharField(_("name"), max_length=200)
    items = models.JSONField(_("checklist"), default=list)

    class Meta:
        verbose_name = _("audit checklist")
        verbose_name_plural = _("audit checklists")

    def __str__(self) -> str:
        return self.name


class Audit(models.Model):
    template = models.ForeignKey(AuditTemplate, on_delete=models.PROTECT, related_name="audits")
    branch = models.CharField(_("branch"), max_length=120, db_index=True)
    visited_at = models.DateTimeField(_("visited"))
    auditor = models.CharField(_("shopper"), max_length=120, blank=True)
    checks = models.JSONField(_("checks"), default=list)  # one bool per checklist item
    score = models.FloatField(_("score (%)"))
    findings = models.TextField(_("findings"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("mystery-shopping audit")
        verbose_name_plural = _("mystery-shopping audits")
        ordering = ["-visited_at"]

    def __str__(self) -> str:
        return f"{self.branch} {self.score:.0f}%"


class FocusGroup(models.Model):
    title = models.CharField(_("topic"), max_length=200)
    held_at = models.DateTimeField(_("held"))
    moderator = models.CharField(_("moderator"), max_length=120, blank=True)
    participants = models.TextField(_("participants"), blank=True, help_text=_("One per line."))
    notes = models.TextField(_("notes"))
    findings = models.TextField(_("findings"), blank=True, help_text=_("One per line."))
    ideas = models.ManyToManyField(Idea, blank=True, related_name="focus_groups", verbose_name=_("ideas"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("focus group")
        verbose_name_plural = _("focus groups")
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def participant_list(self) -> list[str]:
        return [p.strip() for p in self.participants.splitlines() if p.strip()]

    @property
    def finding_list(self) -> list[str]:
        return [p.strip() for p in self.findings.splitlines() if p.strip()]
