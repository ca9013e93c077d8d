"""The manifest in docs/plugins.md works as the guide says it does."""

import re
from pathlib import Path

import pytest

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
