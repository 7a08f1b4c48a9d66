"""Conversations, their messages, the raw inbound envelopes, deliveries, tags and canned replies."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamdel.core import channels  # the channel list: each channel's spec in connectors/ fills it
from hamdel.core.models import TimeStampedModel
from hamdel.customers.models import Customer


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    ON_HOLD = "on_hold", _("On hold")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


PRIORITY_RANK = {Priority.LOW: 0, Priority.NORMAL: 1, Priority.HIGH: 2, Priority.URGENT: 3}
OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    color = models.CharField(_("colour"), max_length=7, default="#64748b")

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Conversation(TimeStampedModel):
    number = models.PositiveIntegerField(_("number"), unique=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="conversations", verbose_name=_("customer")
    )
    channel = models.CharField(_("channel"), max_length=20, choices=channels.choices)
    thread_key = models.CharField(_("thread key"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    # Computed by the database, so that "open" is one indexable value rather than four statuses.
    is_open = models.GeneratedField(
        expression=Case(When(status__in=OPEN_STATUSES, then=Value(True)), default=Value(False)),
        output_field=models.BooleanField(),
        db_persist=True,
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_conversations",
        verbose_name=_("assignee"),
    )
    team = models.ForeignKey(
        "accounts.Team", null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("team")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="conversations", verbose_name=_("tags"))
    last_message_at = models.DateTimeField(_("last activity"), db_index=True)
    last_inbound_at = models.DateTimeField(_("last customer message"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reopen_count = models.PositiveIntegerField(_("reopened"), default=0)
    message_count = models.PositiveIntegerField(_("messages"), default=0)
    preview = models.CharField(_("preview"), max_length=200, blank=True)
    # The latest customer message's signals, for the inbox at a glance and its filters.
    sentiment = models.CharField(_("sentiment"), max_length=20, blank=True)
    emotion = models.CharField(_("emotion"), max_length=20, blank=True)
    is_urgent = models.BooleanField(_("urgent"), default=False)
    is_abusive = models.BooleanField(_("abusive"), default=False)
    churn_risk = models.BooleanField(_("churn risk"), default=False)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at"]
        indexes = [
            models.Index(fields=["status", "-last_message_at"], name="conv_status_recent"),
            models.Index(fields=["priority", "-last_message_at"], name="conv_priority_recent"),
            models.Index(fields=["channel", "-last_message_at"], name="conv_channel_recent"),
            models.Index(fields=["team", "-last_message_at"], name="conv_team_recent"),
            models.Index(fields=["channel", "thread_key", "-last_message_at"], name="conv_thread_recent"),
            # The inbox's open views (all open, mine, unassigned), already in the order the list is shown.
            models.Index(fields=["is_open", "-last_message_at"], name="conv_open_recent"),
            models.Index(
                fields=["is_open", "assignee", "-last_message_at"], name="conv_open_assignee_recent"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.subject}"


class Direction(models.TextChoices):
    INBOUND = "in", _("From the customer")
    OUTBOUND = "out", _("To the customer")
    INTERNAL = "internal", _("Internal")


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    NOTE = "note", _("Internal note")
    EVENT = "event", _("Event")


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    kind = models.CharField(
        _("kind"), max_length=10, choices=MessageKind.choices, default=MessageKind.MESSAGE
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("author")
    )
    text = models.TextField(_("text"), blank=True)
    html = models.TextField(_("sanitised HTML"), blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=channels.choices)
    external_id = models.CharField(_("external id"), max_length=255, blank=True)
    meta = models.JSONField(_("channel metadata"), default=dict, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    # A redaction (message_redact, or a customer's erasure) empties the text; who and why are in the
    # `message_redacted` event of the timeline. Text is never edited otherwise.
    redacted_at = models.DateTimeField(_("redacted"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"],
                condition=~Q(external_id=""),
                name="message_external_unique",
            )
        ]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="msg_conversation_time"),
            # SQLite's planner cannot use the partial unique index for a plain equality lookup.
            models.Index(fields=["channel", "external_id"], name="msg_channel_external"),
        ]

    is_event = False  # see ConversationEvent.is_event

    def __str__(self) -> str:
        return self.text[:60]


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name

    @property
    def staff_url(self) -> str:
        """For signed-in staff; the view checks the role (files are never served from a public folder)."""
        return reverse("conversations:attachment", args=[self.pk])

    @property
    def customer_url(self) -> str:
        """A signed link that expires, shown only to the customer who sent or received the file."""
        return reverse("conversations:attachment_shared", args=[signing.dumps(self.pk, salt=ATTACHMENT_SALT)])

    @property
    def inline(self) -> bool:
        """Only images and PDFs open in the browser; everything else downloads."""
        return self.content_type in INLINE_TYPES


ATTACHMENT_SALT = "hamdel.attachment"
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"})


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Sending")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """The outbox row for one outbound message, written in the same transaction as the message."""

    message = models.OneToOneField(
        Message, on_delete=models.CASCADE, related_name="delivery", verbose_name=_("message")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    provider_id = models.CharField(_("provider id"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.message_id}: {self.status}"


class EnvelopeStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    INGESTED = "ingested", _("Ingested")
    DUPLICATE = "duplicate", _("Duplicate")
    FAILED = "failed", _("Failed")


class InboundEnvelope(models.Model):
    """The raw inbound payload, stored before parsing so that nothing is lost and failures can be replayed."""

    channel = models.CharField(_("channel"), max_length=20, choices=channels.choices)
    payload = models.TextField(_("raw payload"))
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EnvelopeStatus.choices, default=EnvelopeStatus.RECEIVED
    )
    error = models.TextField(_("error"), blank=True)
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("stored as message")
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("inbound envelope")
        verbose_name_plural = _("inbound envelopes")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "received_at"], name="envelope_status")]

    def __str__(self) -> str:
        return f"{self.channel} {self.received_at:%Y-%m-%d %H:%M} {self.status}"


class CannedReply(TimeStampedModel):
    """A reply agents insert in the composer: shared (everyone), for one team, or one agent's own.

    `team` null = every agent; `owner` set = a personal reply only its owner sees (then `team` is null).
    `search_text` is the folded title, shortcut and text (`fold_for_search`), written by the actions.
    """

    title = models.CharField(_("title"), max_length=120)
    shortcut = models.SlugField(_("shortcut"), max_length=40, allow_unicode=True)
    text = models.TextField(
        _("text"),
        help_text=_(
            "Variables: {{customer.first_name}}, {{customer.name}}, {{agent.name}}, {{conversation.number}}"
            "… A fallback after |: {{customer.first_name|customer}}."
        ),
    )
    team = models.ForeignKey(
        "accounts.Team",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_replies",
        verbose_name=_("team"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_replies",
        verbose_name=_("owner"),
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["title"]
        constraints = [
            # a shortcut names one shared/team reply, and one personal reply per owner
            models.UniqueConstraint(
                fields=["shortcut"], condition=Q(owner__isnull=True), name="canned_shortcut_shared"
            ),
            models.UniqueConstraint(fields=["owner", "shortcut"], name="canned_shortcut_personal"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope(self) -> str:
        """`personal`, `team` or `shared`: who may use it."""
        return "personal" if self.owner_id else "team" if self.team_id else "shared"


class SearchDocument(models.Model):
    """Folded text of a subject, customer or message, indexed by FTS5 (SQLite) or a GIN index (PostgreSQL)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="+")
    message = models.OneToOneField(Message, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["conversation"], name="searchdoc_conversation")]

    def __str__(self) -> str:
        return self.body[:60]


class MessageAnalysis(models.Model):
    """What the language models read in one customer message, and the model version that read it."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="analysis")
    sentiment = models.CharField(_("sentiment"), max_length=20)
    polarity = models.FloatField(_("polarity"))
    mixed = models.BooleanField(_("mixed"), default=False)
    emotion = models.CharField(_("emotion"), max_length=20)
    intent = models.CharField(_("intent"), max_length=40)
    urgency = models.CharField(_("urgency"), max_length=10)
    abusive = models.BooleanField(_("abusive"), default=False)
    churn_risk = models.BooleanField(_("churn risk"), default=False)
    language = models.CharField(_("language"), max_length=10)
    # The text with insults and threats replaced by «***» (language.abuse); equal to the text when clean.
    masked_text = models.TextField(_("masked text"), blank=True, default="")
    probabilities = models.JSONField(_("probabilities"), default=dict)
    model_version = models.CharField(_("model version"), max_length=60)
    corrected = models.BooleanField(_("corrected by an agent"), default=False)
    created_at = models.DateTimeField(_("analysed"), auto_now_add=True)

    class Meta:
        verbose_name = _("message analysis")
        verbose_name_plural = _("message analyses")

    def __str__(self) -> str:
        return f"{self.sentiment}/{self.emotion}/{self.intent}"


class LabelCorrection(models.Model):
    """An agent's correction of one label; exported to retrain the models on the company's own language."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="corrections")
    field = models.CharField(_("label"), max_length=20)
    old_value = models.CharField(_("old value"), max_length=40)
    new_value = models.CharField(_("new value"), max_length=40)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("label correction")
        verbose_name_plural = _("label corrections")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"


class EventType(models.TextChoices):
    """Every kind of change to a conversation; one row per change, written by the action that made it."""

    CREATED = "created", _("Created")
    STATUS_CHANGED = "status_changed", _("Status changed")
    REOPENED = "reopened", _("Reopened")
    PRIORITY_CHANGED = "priority_changed", _("Priority changed")
    ASSIGNED = "assigned", _("Assigned")
    TEAM_CHANGED = "team_changed", _("Team changed")
    TAGGED = "tagged", _("Tagged")
    UNTAGGED = "untagged", _("Tag removed")
    MERGED = "merged", _("Merged")
    SNOOZED = "snoozed", _("Snoozed")
    CUSTOMER_CHANGED = "customer_changed", _("Customer changed")
    SURVEY_SENT = "survey_sent", _("Survey sent")
    SLA_WARNING = "sla_warning", _("SLA target close")
    SLA_BREACHED = "sla_breached", _("SLA target breached")
    SLA_ESCALATED = "sla_escalated", _("SLA escalation")
    PROMISE_MADE = "promise_made", _("Promise made")
    PROMISE_CHANGED = "promise_changed", _("Promise changed")
    PROMISE_DUE = "promise_due", _("Promise due soon")
    PROMISE_KEPT = "promise_kept", _("Promise kept")
    PROMISE_BROKEN = "promise_broken", _("Promise broken")
    RETURN_UPDATED = "return_updated", _("Return updated")
    REMEDY_OFFERED = "remedy_offered", _("Remedy offered")
    REMEDY_APPROVED = "remedy_approved", _("Remedy approved")
    REMEDY_REJECTED = "remedy_rejected", _("Remedy rejected")
    REMEDY_FULFILLED = "remedy_fulfilled", _("Remedy carried out")
    RULE_APPLIED = "rule_applied", _("Automation rule applied")
    ABUSE_REVEALED = "abuse_revealed", _("Masked words revealed")
    MESSAGE_REDACTED = "message_redacted", _("Message text hidden")
    CUSTOMER_ERASED = "customer_erased", _("Customer's personal data erased")
    BOT_HANDOFF = "bot_handoff", _("Bot handed over to a person")
    BOT_DEFLECTED = "bot_deflected", _("Bot answer resolved the question")


class ActorKind(models.TextChoices):
    USER = "user", _("Staff member")
    CUSTOMER = "customer", _("Customer")
    SYSTEM = "system", _("Hamdel")
    RULE = "rule", _("Automation rule")


class ConversationEvent(models.Model):
    """What changed in a conversation, from what, to what, by whom, when: the history every report reads.

    `old` and `new` hold plain JSON values: a status or priority code, `{"id", "name"}` for a person or a
    team, a tag name. Names are copied at write time so the history stays readable after renames.
    """

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="events", verbose_name=_("conversation")
    )
    type = models.CharField(_("type"), max_length=30, choices=EventType.choices)
    actor_kind = models.CharField(_("actor kind"), max_length=10, choices=ActorKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("staff member"),
    )
    actor_customer = models.ForeignKey(
        Customer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("customer"),
    )
    actor_rule_id = models.PositiveIntegerField(_("rule"), null=True, blank=True)
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    old = models.JSONField(_("old value"), null=True, blank=True)
    new = models.JSONField(_("new value"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    is_event = True  # the timeline template tells events from messages by this

    class Meta:
        verbose_name = _("conversation event")
        verbose_name_plural = _("conversation events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["conversation", "at"], name="convevent_conversation_time"),
            models.Index(fields=["type", "at"], name="convevent_type_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.conversation_id} {self.type}: {self.old} → {self.new}"
