"""The pytest fixture that runs the self check for a plugin author's test: with
``plugins.testing.enable_plugin`` (its docstring has an example), register both modules in
``pytest_plugins``.
"""

from __future__ import annotations

from typing import Any

import pytest

from guides.models import GuidePage, Region
from selfcheck.precheck import PrecheckResult, run_precheck


@pytest.fixture
def self_check(db):
    def check(
        code: str, township: str, answers: dict[str, Any] | None = None, point=None
    ) -> PrecheckResult:
        guide = GuidePage.objects.get(code=code)
        return run_precheck(
            guide, township=Region.objects.get(code=township), point=point, answers=answers
        )

    return check
