"""Shared fixtures: the demo county is loaded once into the test database for the session."""

import os

import pytest
from django.core.management import call_command

# Fixture modules shared by several test modules, registered once here so tests simply take
# the fixtures as arguments: the plugin author's fixtures (enable_plugin, self_check) and the
# search engines (engine, elasticsearch_engine, es_url, public_engine).
pytest_plugins = ["plugins.testing", "selfcheck.testing", "tests.search_engines"]

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls there are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _forget_held_search_tables():
    """A test's edits are rolled back without a signal: what the search holds in memory
    (guides.held) must not outlive them."""
    from guides import held

    held.drop_all()
    yield
    held.drop_all()
