"""The six journey stages a fresh install starts with (supervisors rename and remap them)."""

from typing import Any

from django.db import migrations


def add_stages(apps: Any, schema_editor: Any) -> None:
    from hamdel.insights.problems.journey import DEFAULT_STAGES

    stage = apps.get_model("problems", "JourneyStage")
    for position, data in enumerate(DEFAULT_STAGES):
        stage.objects.get_or_create(
            key=data["key"],
            defaults={
                "name": data["name"],
                "position": position,
                "intents": data["intents"],
                "channels": data["channels"],
                "tags": [],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]
    operations = [migrations.RunPython(add_stages, migrations.RunPython.noop)]
