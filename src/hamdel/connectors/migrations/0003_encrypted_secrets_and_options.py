"""Channel secrets encrypted at rest; settings of later channels in `options` / `secret_options`.

The fields change type only in Python (text stays text); `encrypt_existing` then rewrites every inbox's
plaintext secrets as Fernet tokens under the key derived from SECRET_KEY. Going back writes them out in
plaintext again before the columns return to their old type.
"""

import hamdel.connectors.models
import hamdel.connectors.secrets
import hamdel.core.channels
from django.db import migrations, models

SECRETS = ("imap_password", "bot_token", "sms_api_key", "webhook_secret")


def encrypt_existing(apps, schema_editor):
    Inbox = apps.get_model("connectors", "Inbox")
    for inbox in Inbox.objects.using(schema_editor.connection.alias).all():
        # Loading reads plaintext as is; saving encrypts (EncryptedTextField.get_prep_value).
        inbox.save(update_fields=list(SECRETS))


def decrypt_existing(apps, schema_editor):
    Inbox = apps.get_model("connectors", "Inbox")
    connection = schema_editor.connection
    table = connection.ops.quote_name(Inbox._meta.db_table)
    with connection.cursor() as cursor:
        for inbox in Inbox.objects.using(connection.alias).all():
            values = [getattr(inbox, name) for name in SECRETS]
            columns = ", ".join(f"{connection.ops.quote_name(name)} = %s" for name in SECRETS)
            cursor.execute(f"UPDATE {table} SET {columns} WHERE id = %s", [*values, inbox.pk])  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("connectors", "0002_inbox_kinds_from_channels"),
    ]

    operations = [
        migrations.AddField(
            model_name="inbox",
            name="options",
            field=models.JSONField(blank=True, default=dict, verbose_name="other settings"),
        ),
        migrations.AddField(
            model_name="inbox",
            name="secret_options",
            field=hamdel.connectors.secrets.EncryptedJSONField(
                blank=True, default=dict, editable=False, verbose_name="other secrets"
            ),
        ),
        migrations.AlterField(
            model_name="inbox",
            name="kind",
            field=models.CharField(
                choices=hamdel.core.channels.inbox_choices, max_length=20, verbose_name="channel"
            ),
        ),
        migrations.AlterField(
            model_name="inbox",
            name="bot_token",
            field=hamdel.connectors.secrets.EncryptedTextField(blank=True, verbose_name="bot token"),
        ),
        migrations.AlterField(
            model_name="inbox",
            name="imap_password",
            field=hamdel.connectors.secrets.EncryptedTextField(blank=True, verbose_name="IMAP password"),
        ),
        migrations.AlterField(
            model_name="inbox",
            name="sms_api_key",
            field=hamdel.connectors.secrets.EncryptedTextField(blank=True, verbose_name="SMS API key"),
        ),
        migrations.AlterField(
            model_name="inbox",
            name="webhook_secret",
            field=hamdel.connectors.secrets.EncryptedTextField(
                default=hamdel.connectors.models._token, editable=False, verbose_name="webhook secret"
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
