"""Settings shared by every environment. Values that differ come from environment variables."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "guidesite",
    "guides",
    "search",
    "plugins",
    "selfcheck",
    "editorial",
    "catalogue",
    "notices",
    "feedback",
    "edge",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "rules.apps.AutodiscoverRulesConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "edge.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Malformed input is refused before the session, the user or a view is touched.
    "edge.middleware.InputBoundsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "guidesite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "guidesite.wsgi.application"

DATABASE_URL = os.environ.get("DATABASE_URL")
if not DATABASE_URL:
    raise ImproperlyConfigured("Set DATABASE_URL, e.g. postgres://user:pass@host:5432/guides")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's default page cost (4) assumes spinning disks: with it, PostgreSQL hashes all
    # 50,000 service points to find the places of one page of search results (14 ms) instead
    # of looking up 500 of them by key (1 ms). 1.1 is the usual value for SSDs and for data
    # that fits in memory; set POSTGRES_RANDOM_PAGE_COST to change it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={os.environ.get('POSTGRES_RANDOM_PAGE_COST', '1.1')}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The public site speaks Simplified Chinese whatever the browser asks for (no LocaleMiddleware);
# source strings are English. Admin users may pick their own language in Wagtail.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# "Open now" and opening hours are always reckoned in the county's own time zone.
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "guidesite" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "陵水黎族自治县政务服务办事指南")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# No avatars from gravatar.com: staff e-mail hashes stay here, and the Content-Security-Policy
# (edge/csp.py) allows images from this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for new versions (connect-src 'self').
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The rich text editor, guarded: a posted value it cannot read is a message on the field.
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {"WIDGET": "guides.rich_text_editor.GuardedDraftailRichTextArea"}
}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "odt", "ods"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Printed forms (notices): the applicant's name and phone on an issued 一次性告知单 are kept this
# many days, then `manage.py purge_notices` blanks them; the record of what the form said stays.
NOTICE_RETENTION_DAYS = int(os.environ.get("NOTICE_RETENTION_DAYS", "180"))

# Public search (search/, docs/search.md): Elasticsearch when ELASTICSEARCH_URL is set, else the
# embedded database engine, which is also the fallback when Elasticsearch is down or slower than
# SEARCH_TIMEOUT seconds. SEARCH_INDEX is the alias the public search reads. Index writes after
# an editor's save wait up to SEARCH_WRITE_TIMEOUT seconds (they wait for the index to refresh),
# then are queued for `search_index retry`.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
SEARCH_INDEX = os.environ.get("SEARCH_INDEX", "guides")
SEARCH_TIMEOUT = float(os.environ.get("SEARCH_TIMEOUT", "1.0"))
SEARCH_WRITE_TIMEOUT = float(os.environ.get("SEARCH_WRITE_TIMEOUT", "10.0"))
SEARCH_SHARDS = int(os.environ.get("SEARCH_SHARDS", "1"))
SEARCH_REPLICAS = int(os.environ.get("SEARCH_REPLICAS", "0"))

# Ratings and problem reports (feedback/, docs/feedback.md): a problem report's contact phone is
# kept this many days, then `manage.py purge_feedback` blanks it. Anonymous posts (ratings,
# reports) are limited to FEEDBACK_POSTS_PER_HOUR per client address.
FEEDBACK_RETENTION_DAYS = int(os.environ.get("FEEDBACK_RETENTION_DAYS", "180"))
FEEDBACK_POSTS_PER_HOUR = int(os.environ.get("FEEDBACK_POSTS_PER_HOUR", "20"))

# The site's edge (edge/, docs/security.md): anonymous POSTs to the public JSON routes (the self
# check, personalised forms) are limited to ANONYMOUS_POSTS_PER_HOUR per client address.
ANONYMOUS_POSTS_PER_HOUR = int(os.environ.get("ANONYMOUS_POSTS_PER_HOUR", "120"))
# The admin's sign-in (edge/login.py): so many wrong passwords for one user name, or from one
# address, lock sign-in for that name or address for LOGIN_LOCKOUT_MINUTES.
LOGIN_FAILURES_PER_USER = int(os.environ.get("LOGIN_FAILURES_PER_USER", "5"))
LOGIN_FAILURES_PER_CLIENT = int(os.environ.get("LOGIN_FAILURES_PER_CLIENT", "20"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))

# Editorial work (editorial/): the dashboard lists guides not verified for longer than this.
GUIDE_FRESHNESS_DAYS = int(os.environ.get("GUIDE_FRESHNESS_DAYS", "180"))
