"""Settings for the test suite: a private data directory, tasks run at once, fast password hashing."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("HAMDEL_DATA_DIR", tempfile.mkdtemp(prefix="hamdel-test-"))
os.environ.setdefault("HAMDEL_TASK_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")

from hamdel.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HAMDEL_DELIVERY_MAX_ATTEMPTS = 3
HAMDEL_GROUP_COMMIT = False  # tests share one transaction; tests/connectors/test_group_commit.py turns it on
HAMDEL_AUDIT_DB_GUARD = False  # the flush between browser tests deletes rows; tests/safety installs it
