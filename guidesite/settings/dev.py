"""The quick start: SQLite and the embedded search, no other server needed."""

import os

os.environ.setdefault("DATABASE_URL", "sqlite:///db.sqlite3")
os.environ.setdefault("DEBUG", "1")

from .base import *  # noqa: E402, F403
from .base import BASE_DIR  # noqa: E402

if not SECRET_KEY:  # noqa: F405
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

DATABASES["default"]["NAME"] = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
