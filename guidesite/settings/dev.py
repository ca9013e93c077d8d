"""The quick start: SQLite and the embedded search, no other server needed."""

import os
from pathlib import Path

_BASE_DIR = Path(__file__).resolve().parent.parent.parent
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_BASE_DIR / 'db.sqlite3'}")
os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402, F403

if not SECRET_KEY:  # noqa: F405
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
