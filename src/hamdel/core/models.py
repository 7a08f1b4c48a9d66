"""Base models and the audit log of administrative actions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """Who changed the set-up of the system, from where, what it was before and after: append-only.

    Rows are only ever inserted (core.audit.audit); no page, admin or action changes or deletes one, and a
    database trigger refuses UPDATE and DELETE (migration 0003). The actor is not a real foreign key, so
    removing a user never rewrites the log; `actor_name` keeps the name as it was.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.target}"


class Counter(models.Model):
    """Named counters for human-facing numbers (conversation #1234), incremented under a row lock."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


def next_number(name: str) -> int:
    """Return the next value of a counter in one statement (UPDATE … RETURNING locks the row)."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_counter SET value = value + 1 WHERE name = %s RETURNING value", [name])
        row = cursor.fetchone()
    if row is not None:
        return int(row[0])
    counter, _created = Counter.objects.select_for_update().get_or_create(name=name)
    Counter.objects.filter(pk=name).update(value=models.F("value") + 1)
    counter.refresh_from_db(fields=["value"])
    return counter.value


def _default_weekly() -> dict[str, list[list[str]]]:
    """core.calendar.DEFAULT_WEEKLY, written out here: the models must not import the arithmetic (a test
    checks that the two agree)."""
    workdays = ("sat", "sun", "mon", "tue", "wed")
    week: dict[str, list[list[str]]] = {key: [["09:00", "17:00"]] for key in workdays}
    return week | {"thu": [["09:00", "13:00"]], "fri": []}


def _new_stamp() -> str:
    return uuid.uuid4().hex


class Calendar(TimeStampedModel):
    """A business calendar: weekly hours in a time zone, plus holidays and exceptions (CalendarDay).

    Read it through `hamdel.core.calendar.calendar_get()`, never field by field: that builds the pure
    BusinessCalendar all arithmetic uses. `stamp` changes with every change the actions make.
    """

    class Country(models.TextChoices):
        IR = "IR", _("Iran")

    name = models.CharField(_("name"), max_length=120)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Tehran")
    # {"sat": [["09:00", "17:00"]], …, "fri": []}: several spans a day; a day left out is closed.
    weekly = models.JSONField(_("weekly hours"), default=_default_weekly)
    holidays = models.CharField(
        _("public holidays"), max_length=2, choices=Country.choices, null=True, blank=True, default=Country.IR
    )
    is_default = models.BooleanField(_("default"), default=False)
    # Gregorian years whose library holidays are stored as CalendarDay rows (seeded once, lazily).
    seeded_years = models.JSONField(_("seeded years"), default=list, blank=True)
    stamp = models.CharField(max_length=32, default=_new_stamp, editable=False)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="core_calendar_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CalendarDay(TimeStampedModel):
    """One date of a calendar that differs from its week: a holiday (spans [] = closed) or an exception.

    On one date an exception wins over a holiday; a library holiday that is an estimate (Islamic dates) is
    replaced when the official list is imported.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday")
        EXCEPTION = "exception", _("exception")

    class Source(models.TextChoices):
        LIBRARY = "library", _("library")
        OFFICIAL = "official", _("official list")
        MANUAL = "manual", _("entered by hand")

    calendar = models.ForeignKey(
        Calendar, on_delete=models.CASCADE, related_name="days", verbose_name=_("calendar")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.HOLIDAY)
    spans = models.JSONField(_("open spans"), default=list, blank=True)  # [] closes the day
    name = models.CharField(_("name"), max_length=200, blank=True)
    estimated = models.BooleanField(_("estimated"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date", "kind"], name="core_calendarday_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.kind} {self.name}"


class WorkerBeat(models.Model):
    """A task worker's heartbeat: a RUNNING task whose worker stopped beating is run again (core.recovery)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    beat_at = models.DateTimeField(_("last heartbeat"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.beat_at:%H:%M:%S}"


class TextVector(models.Model):
    """The embedding of one text (core.vectors): computed once, shared by every index that holds the text.

    Keyed by a hash of the model's name and the normalised text, so an edit makes a new row and an
    unchanged text is never embedded twice (rebuilding an index only reads rows).
    """

    key = models.CharField(max_length=64, primary_key=True)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("text embedding")
        verbose_name_plural = _("text embeddings")

    def __str__(self) -> str:
        return self.key[:12]
