"""Full-text index over SearchDocument: FTS5 on SQLite, a GIN expression index on PostgreSQL."""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE conversations_search_fts USING fts5("
    "body, content='conversations_searchdocument', content_rowid='id', tokenize='unicode61 remove_diacritics 2', "
    "prefix='2 3')",
    "CREATE TRIGGER conversations_search_ai AFTER INSERT ON conversations_searchdocument BEGIN "
    "INSERT INTO conversations_search_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER conversations_search_ad AFTER DELETE ON conversations_searchdocument BEGIN "
    "INSERT INTO conversations_search_fts(conversations_search_fts, rowid, body) VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER conversations_search_au AFTER UPDATE ON conversations_searchdocument BEGIN "
    "INSERT INTO conversations_search_fts(conversations_search_fts, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO conversations_search_fts(rowid, body) VALUES (new.id, new.body); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS conversations_search_ai",
    "DROP TRIGGER IF EXISTS conversations_search_ad",
    "DROP TRIGGER IF EXISTS conversations_search_au",
    "DROP TABLE IF EXISTS conversations_search_fts",
]
PG_FORWARD = [
    "CREATE INDEX conversations_search_gin ON conversations_searchdocument "
    "USING gin (to_tsvector('simple', body))",
]
PG_BACKWARD = ["DROP INDEX IF EXISTS conversations_search_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": PG_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": PG_BACKWARD}),
        )
    ]
