"""The test suite: PostgreSQL from DATABASE_URL (scripts/test.sh starts a throwaway server)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/guides")

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite posts to the public APIs and logs in far more often than any client may; the tests
# of the limits set them low again (tests/test_brakes.py).
ANONYMOUS_POSTS_PER_HOUR = 100_000
