#!/usr/bin/env bash
# The site on this machine: SQLite (./db.sqlite3), the embedded search, the demo county loaded,
# served at http://127.0.0.1:8000/. Safe to run again: migrations and the demo load are
# idempotent, and the admin account is only created when there is no superuser yet.
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export DJANGO_SETTINGS_MODULE=guidesite.settings.dev

section "Bootstrap"
bootstrap

section "Migrating ./db.sqlite3"
python manage.py migrate --noinput

section "Loading the demo county"
python manage.py load_demo
# The county's full catalogue (about 1,100 matters, mostly drafts) through the national import.
python manage.py catalogue demo

section "Admin account"
python manage.py shell --no-imports -c '
from django.contrib.auth import get_user_model

User = get_user_model()
if User.objects.filter(is_superuser=True, is_active=True).exists():
    print("A superuser already exists; left as it is.")
else:
    user, _ = User.objects.get_or_create(username="admin")
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password("admin")
    user.save()
    print("Superuser admin created.")
'

section "Serving http://127.0.0.1:8000/"
echo "Admin: http://127.0.0.1:8000/admin/  user admin  password admin"
echo
exec python manage.py runserver 127.0.0.1:8000
