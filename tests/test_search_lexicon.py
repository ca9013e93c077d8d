"""The domain lexicon in the editors' synonym table (search.lexicon_table): loaded by load_demo
and by ``manage.py search_lexicon load``, idempotent, and never overwriting or bringing back
what an editor changed or switched off."""

from __future__ import annotations

import csv
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from search import lexicon_table, synonyms, text
from search.models import Synonym

pytestmark = pytest.mark.django_db

LEXICON = Synonym.Source.LEXICON
EDITOR = Synonym.Source.EDITOR


def test_load_demo_loaded_the_whole_lexicon_beside_the_countys_override():
    lexicon = lexicon_table.entries()
    assert len(lexicon) > 1000
    assert Synonym.objects.filter(source=LEXICON).count() == len(lexicon) - 1
    # The demo county's editors narrowed 营业执照; the lexicon left their row alone.
    licence = Synonym.objects.get(phrase="营业执照")
    assert licence.source == EDITOR and licence.meaning_list == ["个体工商户设立登记"]
    assert synonyms.meanings("我想开个奶茶店") == ["食品经营许可"]


def test_loading_again_changes_nothing():
    before = list(Synonym.objects.order_by("phrase").values_list("phrase", "means", "source"))
    out = StringIO()
    call_command("search_lexicon", "load", stdout=out)
    assert "lexicon phrases added: 0" in out.getvalue()
    assert "lexicon phrases updated: 0" in out.getvalue()
    after = list(Synonym.objects.order_by("phrase").values_list("phrase", "means", "source"))
    assert after == before


def test_an_editors_change_in_the_admin_survives_the_next_load(admin_client):
    row = Synonym.objects.get(phrase="奶茶店")
    assert row.source == LEXICON
    response = admin_client.post(
        f"/admin/snippets/search/synonym/edit/{row.pk}/",
        {"phrase": "奶茶店", "means": "食品经营许可\n个体工商户设立登记", "enabled": "on"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.source == EDITOR
    loaded = lexicon_table.load()
    row.refresh_from_db()
    assert row.meaning_list == ["食品经营许可", "个体工商户设立登记"] and loaded.updated == 0
    assert synonyms.meanings("奶茶店") == ["食品经营许可", "个体工商户设立登记"]


def test_deleting_a_lexicon_phrase_switches_it_off_for_good(admin_client):
    row = Synonym.objects.get(phrase="奶茶店")
    response = admin_client.post(f"/admin/snippets/search/synonym/delete/{row.pk}/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert not row.enabled
    assert synonyms.meanings("奶茶店") == []
    lexicon_table.load()
    row.refresh_from_db()
    assert not row.enabled and row.source == LEXICON
    # An editor's own phrase is deleted as before.
    own = Synonym.objects.create(phrase="臭豆腐摊", means="食品经营许可")
    admin_client.post(f"/admin/snippets/search/synonym/delete/{own.pk}/")
    assert not Synonym.objects.filter(pk=own.pk).exists()


def test_a_new_lexicon_updates_and_drops_only_its_own_rows(tmp_path: Path):
    edited = Synonym.objects.get(phrase="早餐店")
    Synonym.objects.filter(pk=edited.pk).update(source=EDITOR, means="个体工商户设立登记")
    (tmp_path / "market_regulation.toml").write_text(
        "[[synonyms]]\n"
        'phrase = "奶茶店"\n'
        'means = ["食品经营许可", "食品小作坊登记"]\n'
        "[[synonyms]]\n"
        'phrase = "早餐店"\n'
        'means = ["食品经营许可"]\n'
        "[[synonyms]]\n"
        'phrase = "甘蔗汁摊"\n'
        'means = ["食品经营许可"]\n',
        encoding="utf-8",
    )
    loaded = lexicon_table.load(tmp_path)
    assert (loaded.added, loaded.updated, loaded.kept) == (1, 1, 1)
    assert Synonym.objects.get(phrase="奶茶店").meaning_list == ["食品经营许可", "食品小作坊登记"]
    assert Synonym.objects.get(phrase="早餐店").meaning_list == ["个体工商户设立登记"]
    assert Synonym.objects.get(phrase="甘蔗汁摊").source == LEXICON
    # The lexicon's own rows it no longer has go; editors' rows stay.
    assert not Synonym.objects.filter(phrase="烧烤摊").exists()
    assert Synonym.objects.filter(phrase="营业执照").exists()
    assert loaded.removed > 1000


def test_a_phrase_twice_in_the_lexicon_is_an_error(tmp_path: Path):
    row = '[[synonyms]]\nphrase = "奶茶店"\nmeans = ["食品经营许可"]\n'
    (tmp_path / "a.toml").write_text(row, encoding="utf-8")
    (tmp_path / "b.toml").write_text(row.replace("奶茶店", "奶茶店 ").strip(), encoding="utf-8")
    with pytest.raises(ValueError, match="奶茶店"):
        lexicon_table.entries(tmp_path)


def test_every_meaning_occurs_in_a_catalogue_name_or_a_demo_guides_title():
    """A meaning in no matter name matches nothing (search/lexicon/README.md)."""
    root = Path(__file__).resolve().parents[1]
    with open(root / "catalogue/demo/county_catalogue.csv", encoding="utf-8-sig") as export:
        names = [row["事项名称"] for row in csv.DictReader(export)]
    for path in (root / "guides/demo/data/guides").glob("*.toml"):
        names += [guide["title"] for guide in tomllib.loads(path.read_text("utf-8"))["guides"]]
    catalogue = "\n".join(text.normalise(name) for name in names)
    missing = {
        f"{phrase} ⇒ {meaning}"
        for phrase, means in lexicon_table.entries().items()
        for meaning in means.split("\n")
        if text.normalise(meaning) not in catalogue
    }
    assert not missing, sorted(missing)
