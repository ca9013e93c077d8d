"""The manifest in docs/plugins.md works as the guide says it does."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

DOC = Path(__file__).resolve().parent.parent / "docs" / "plugins.md"
SANCAI = "469034102000"


@pytest.mark.django_db
def test_the_guides_example_manifest(enable_plugin, self_check):
    manifest = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    enable_plugin(manifest, [SANCAI])
    result = self_check("469034-JF-003", SANCAI, {"sancai-elderly": {"birth_year": 1940}})
    assert result.immediate and result.time_limit_days == 0
    assert "三才镇80周岁以上老人申领高龄津贴当场办结。" in result.reasons
    card = next(line for line in result.materials if "社会保障卡" in line.name)
    assert card.status == "commitment"
    younger = self_check("469034-JF-003", SANCAI, {"sancai-elderly": {"birth_year": 1990}})
    assert not younger.immediate


def test_the_reference_is_what_the_code_declares(capsys):
    """docs/plugins.md's reference section is `manage.py plugins reference`'s output: after a
    change to the schema, plugins.api or the test kit, run `plugins reference --write`."""
    call_command("plugins", "reference")
    printed = capsys.readouterr().out
    assert printed.startswith("<!-- BEGIN reference") and printed.endswith(
        "<!-- END reference -->\n"
    )
    assert printed in DOC.read_text(encoding="utf-8")


def test_the_reference_covers_every_key_kind_and_class():
    from plugins.api import FieldType, RuleKind
    from plugins.reference import reference

    text = reference()
    for key in ("rules[].material", "fields[].shown_when", "values[].default", "matters.themes"):
        assert f"| `{key}` |" in text
    for kind in RuleKind.ALL:
        assert f"| `{kind}` |" in text
    for field_type in FieldType.ALL:
        assert f"| `{field_type}` |" in text
    for name in ("Plugin", "Field", "Value", "Rule", "CheckResult", "AskedField", "RuleFailed"):
        assert f"{name}`\n" in text
    # the null table is the engine's answer, not prose
    assert "| `answers.staff < 3` | **fails** (TypeError): the rule denies |" in text
    assert "| `answers.staff == 3` | `false` |" in text
