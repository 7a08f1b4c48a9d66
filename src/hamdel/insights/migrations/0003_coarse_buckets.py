"""Duration histograms move to the coarser `metrics.BUCKETS`: the old rows (exact minutes below two hours)
are dropped and their days marked dirty, so the periodic refresh (or `hamdel insights rebuild --since`)
recomputes them; the cell index becomes covering (the histogram is read from the index alone), and the
inbound message facts get a covering index for the journey's and loyalty's reads of a period, the
conversation facts one for the team page's per-agent figures."""

from typing import Any

from django.db import migrations, models


def drop_old_histograms(apps: Any, schema_editor: Any) -> None:
    """Mark every day that had histograms dirty, then empty the table (TRUNCATE on PostgreSQL: millions of
    rows at scale; SQLite's unconditional DELETE is its own truncate)."""
    duration = apps.get_model("insights", "DurationRollup")
    dirty = apps.get_model("insights", "DirtyDay")
    days = duration.objects.filter(hour=-1).values_list("tz", "day").distinct().order_by()
    dirty.objects.bulk_create([dirty(tz=tz, day=day) for tz, day in days], ignore_conflicts=True)
    table = schema_editor.quote_name(duration._meta.db_table)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"TRUNCATE {table}")
    else:
        schema_editor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table name


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_insb_scale"),
    ]

    operations = [
        migrations.RunPython(drop_old_histograms, migrations.RunPython.noop, elidable=True),
        migrations.RemoveIndex(
            model_name="durationrollup",
            name="insights_duration_cell",
        ),
        migrations.AddIndex(
            model_name="durationrollup",
            index=models.Index(
                fields=["tz", "tag_id", "channel", "team_id", "inbox_id", "hour", "day", "metric", "bucket", "count"],
                name="insights_duration_cover",
            ),
        ),
        migrations.AddIndex(
            model_name="messagefact",
            index=models.Index(
                fields=["at", "inbound", "customer_id", "conversation_id", "intent", "emotion", "channel", "polarity", "churn"],
                name="insights_msgfact_inbound",
            ),
        ),
        migrations.AddIndex(
            model_name="conversationfact",
            index=models.Index(
                fields=[
                    "team_id",
                    "resolved_at",
                    "assignee_id",
                    "agent_replies",
                    "reopen_count",
                    "first_response_minutes",
                    "resolution_minutes",
                    "channel",
                    "inbox_id",
                    "conversation_id",
                ],
                name="insights_convfact_team",
            ),
        ),
    ]
