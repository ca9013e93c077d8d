"""``manage.py plugins new``: a township's own package plugin, made from ``plugins/template/``.

The template is copied and every name that makes it the template is replaced: the import package
``guides_plugin_template`` (its folder too), the distribution ``guides-plugin-template``, the
plugin id ``template-residence`` (entry point, code and tests), its Chinese name, and the path to
the site in the pytest settings. The copy installs (``pip install -e``), is listed once installed,
and passes its own tests where it was made. Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from importlib.util import find_spec
from pathlib import Path

from plugins.manifest import schema

TEMPLATE = Path(__file__).resolve().parent / "template"
TEMPLATE_ID = "template-residence"
TEMPLATE_MODULE = "guides_plugin_template"
TEMPLATE_DISTRIBUTION = "guides-plugin-template"
# Quoted as in the template's code and pyproject, so only these strings are replaced.
TEMPLATE_NAME = '"模板：居住满半年方可申请"'
TEMPLATE_DESCRIPTION = '"模板：一个乡镇插件包（复制后改名）"'
TEMPLATE_SITE = '"../.."'  # the site, seen from plugins/template/
# What pip, pytest and editors leave in the template's folder: not part of a new package.
LEFT_BEHIND = shutil.ignore_patterns("*.egg-info", "__pycache__", ".pytest_cache", "build")


class ScaffoldError(ValueError):
    """Why no package was made, in words for the township developer."""


@dataclass(frozen=True)
class NewPackage:
    plugin_id: str
    name: str
    directory: Path
    module: str  # the import package: guides_plugin_<id, hyphens as underscores>
    distribution: str  # what pip calls it: guides-plugin-<id>


def planned(plugin_id: str, directory: Path, name: str, taken: set[str]) -> NewPackage:
    """The package ``plugins new`` would make, or ScaffoldError saying why it may not:
    ``plugin_id`` as a manifest's id must be written, used by no plugin in ``taken`` nor by an
    installed package, ``name`` as a manifest's name, ``directory`` not there yet."""
    rules = schema()["properties"]
    if not re.search(rules["id"]["pattern"], plugin_id):
        raise ScaffoldError(
            f"插件标识“{plugin_id}”写法不对：须为 3 到 50 个小写字母、数字或连字符，"
            "以字母开头，例如 lian-food。"
        )
    if plugin_id in taken:
        raise ScaffoldError(
            f"插件标识“{plugin_id}”已有插件在用（已安装的插件包或已上传的清单），请换一个。"
        )
    module = "guides_plugin_" + plugin_id.replace("-", "_")
    package = NewPackage(plugin_id, name, directory, module, f"guides-plugin-{plugin_id}")
    if find_spec(module) is not None or installed(package.distribution):
        raise ScaffoldError(
            f"包名 {module}（{package.distribution}）已有安装的包在用，请换一个标识。"
        )
    if not rules["name"]["minLength"] <= len(name) <= rules["name"]["maxLength"]:
        raise ScaffoldError(f"插件名称须为 1 到 {rules['name']['maxLength']} 个字。")
    if directory.exists() or directory.is_symlink():
        raise ScaffoldError(
            f"{directory} 已存在：不覆盖任何已有的文件，请用 --directory 另选一个新目录。"
        )
    return package


def installed(name: str) -> bool:
    try:
        distribution(name)
    except PackageNotFoundError:
        return False
    return True


def create(package: NewPackage, site: Path) -> None:
    """Copy the template into ``package.directory`` (which must not exist) under the package's
    names; its tests find the site at ``site``."""
    try:
        shutil.copytree(TEMPLATE, package.directory, ignore=LEFT_BEHIND)
    except FileExistsError:  # made by someone else since ``planned`` looked
        raise ScaffoldError(f"{package.directory} 已存在：不覆盖任何已有的文件。") from None
    root = package.directory
    (root / TEMPLATE_MODULE).rename(root / package.module)
    tests = root / "tests"
    (tests / "test_template.py").rename(tests / f"test_{package.module.removeprefix('guides_')}.py")
    replacements = {
        TEMPLATE_MODULE: package.module,
        TEMPLATE_DISTRIBUTION: package.distribution,
        TEMPLATE_ID: package.plugin_id,
        TEMPLATE_NAME: quoted(package.name),
        TEMPLATE_DESCRIPTION: quoted(package.name),
        TEMPLATE_SITE: quoted(str(site.resolve())),
    }
    # One pass, so a new name that contains an old one (an id such as template-residence-2) is
    # not replaced again.
    names = re.compile(
        "|".join(re.escape(old) for old in sorted(replacements, key=len, reverse=True))
    )
    for path in sorted(root.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            text = names.sub(lambda match: replacements[match[0]], text)
            path.write_text(text, encoding="utf-8")


def quoted(text: str) -> str:
    """``text`` as a string literal that Python and TOML both read back as ``text``."""
    return json.dumps(text, ensure_ascii=False)


def next_steps(package: NewPackage, python: str, manage: Path) -> str:
    """What to do with the new package, as commands to copy."""
    where = package.directory.resolve()
    return "\n".join(
        [
            f"已创建插件包 {package.distribution}"
            f"（插件 {package.plugin_id}“{package.name}”）：{where}",
            f"插件代码在 {package.module}/__init__.py，测试在 tests/；示例规则请换成本镇的规则。",
            "下一步：",
            f"  1. 安装到网站的环境：{python} -m pip install -e {where}",
            f"  2. 运行它自己的测试：cd {where} && {python} -m pytest",
            "     （第一次约 40 秒：建表、装载演示县并留作缓存；之后约 4 秒）",
            f"  3. 检查：{python} {manage} plugins check {package.plugin_id}",
            f"     试用：{python} {manage} plugins try {package.plugin_id} "
            "--matter 469034-GG-002 --township 469034101000 --answers '{\"months_here\": 2}'",
            "  4. 启用：重启网站一次（插件包在启动时发现），"
            "再由乡镇管理员在后台“乡镇插件”页勾选本插件、保存。",
        ]
    )
