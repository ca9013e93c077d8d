# The production image: gunicorn serving guidesite, static files through whitenoise.
# Built by docker-compose.yml (which documents the production shape; not tested on the dev
# machines, which have no Docker engine).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Chinese fonts and Pango/HarfBuzz for PDF rendering (WeasyPrint); gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-noto-cjk \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .

# Static files and translations are baked into the image. The production settings insist on a
# real SECRET_KEY and base settings on a DATABASE_URL, so both get throwaway values for this
# step only (neither is used: collectstatic and compilemessages touch no database).
RUN DJANGO_SETTINGS_MODULE=guidesite.settings.production \
    SECRET_KEY=build-only-not-secret-build-only-not-secret-build-only-not-secret \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    sh -c 'python manage.py collectstatic --noinput --verbosity 0 \
        && if [ -d locale ]; then python manage.py compilemessages --verbosity 0; fi' \
    && rm -f /tmp/build.sqlite3

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/media \
    && chown app:app /app/media
USER app

ENV DJANGO_SETTINGS_MODULE=guidesite.settings.production \
    MEDIA_ROOT=/app/media

EXPOSE 8000
CMD ["gunicorn", "guidesite.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
