"""``plugins list``: every plugin, its source, version, status and townships;
``plugins check <file or package id>``: check a manifest or an installed package (syntax, schema
and meaning: ``plugins.checks``), print every problem and warning, exit non-zero on errors;
``plugins try <file or id> --matter <code> --township <code> [--point <id>] --answers '{…}'``:
the self check without the plugin and with it, side by side, nothing stored (``plugins.trial``,
which reaches the self check through the hook ``selfcheck`` registers);
``plugins new <id> [--directory DIR] [--name 中文名]``: a package plugin of the township's own,
made from ``plugins/template/`` (``plugins.scaffold``), never over anything that exists;
``plugins reference [--write]``: the reference section of docs/plugins.md, generated from the
schema and the code (``plugins.reference``), printed or written into the docs."""

import json
import sys
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.utils import OperationalError, ProgrammingError

from plugins import reference
from plugins.api import Plugin
from plugins.checks import check_manifest, check_plugin, errors_of
from plugins.models import TownshipPlugin
from plugins.registry import all_entries
from plugins.scaffold import ScaffoldError, create, next_steps, planned
from plugins.trial import rows, run_trial

COLUMN = 44  # display width of the "without" column (a Chinese character counts two)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrapped(text: str, limit: int) -> list[str]:
    lines, line = [], ""
    for char in text:
        if width(line + char) > limit:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line]


def marked(items: list[str], other: list[str], mark: str, limit: int) -> list[str]:
    """Each item wrapped to ``limit``, its first line marked when the other side lacks it."""
    if not items:
        return [" （无）"]
    lines = []
    for item in items:
        for number, line in enumerate(wrapped(item, limit)):
            lines.append((mark if number == 0 and item not in other else " ") + line)
    return lines


def side_by_side(title: str, left: list[str], right: list[str]) -> str:
    """A row of two columns; entries only on one side are marked ``-`` (gone) or ``+`` (new)."""
    left_lines = marked(left, right, "-", COLUMN - 2)
    right_lines = marked(right, left, "+", COLUMN * 2)
    out = []
    for index in range(max(len(left_lines), len(right_lines))):
        head = title if index == 0 else ""
        one = left_lines[index] if index < len(left_lines) else ""
        two = right_lines[index] if index < len(right_lines) else ""
        out.append(f"{head}{' ' * (10 - width(head))}{one}{' ' * (COLUMN - width(one))}  {two}")
    return "\n".join(line.rstrip() for line in out)


class Command(BaseCommand):
    help = "List township plugins, or check a manifest file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="every plugin, its source, version, status and townships")
        check = sub.add_parser("check", help="check a manifest file or an installed package")
        check.add_argument("file", help="a manifest (YAML or JSON), or a package plugin's id")
        trial = sub.add_parser(
            "try", help="the self check without the plugin and with it, side by side"
        )
        trial.add_argument("plugin", help="a manifest file, or an installed plugin's id")
        trial.add_argument("--matter", required=True, help="the matter's code")
        trial.add_argument(
            "--township", required=True, help="the applicant's township or village code"
        )
        trial.add_argument("--point", type=int, help="the service point asked about (its id)")
        trial.add_argument(
            "--answers", default="{}", help="JSON; the plugin's own fields may be given directly"
        )
        trial.add_argument("--values", default="{}", help="the township's values (JSON)")
        new = sub.add_parser("new", help="a new package plugin, made from plugins/template/")
        new.add_argument("plugin_id", help="its id, e.g. lian-food")
        new.add_argument("--directory", help="where to make it (must not exist)")
        new.add_argument("--name", help="its Chinese name, e.g. 黎安镇食品经营")
        generated = sub.add_parser(
            "reference", help="the reference section of docs/plugins.md, made from the code"
        )
        generated.add_argument(
            "--write", action="store_true", help="rewrite that section of docs/plugins.md"
        )

    def handle(self, *args, action: str, **options):
        try:
            self.act(action, options)
        except (OperationalError, ProgrammingError) as error:
            # The checks read the county's townships, matters and materials.
            raise CommandError(
                f"数据库还没有建好（{error}）：先运行 manage.py migrate 和 manage.py load_demo"
                "（或 scripts/demo.sh），或把 DATABASE_URL 指向网站的数据库。"
            ) from None

    def act(self, action: str, options: dict) -> None:
        if action == "check":
            self.check_manifest(options["file"])
        elif action == "try":
            self.try_plugin(options)
        elif action == "new":
            self.new_package(options)
        elif action == "reference":
            self.write_reference(options["write"])
        else:
            self.list_plugins()

    def write_reference(self, write: bool) -> None:
        if not write:
            self.stdout.write(reference.reference(), ending="")
            return
        text = reference.DOCS.read_text(encoding="utf-8")
        updated = reference.docs_with_reference(text)
        if updated != text:
            reference.DOCS.write_text(updated, encoding="utf-8")
        changed = "rewritten" if updated != text else "already up to date"
        self.stdout.write(f"{reference.DOCS}: reference {changed}")

    def check_manifest(self, name: str) -> None:
        plugin, problems = self.checked(name)
        problems = sorted(problems, key=lambda problem: problem.line or 0)  # as the file reads
        for problem in problems:
            if problem.warning:
                self.stdout.write(f"{name}: {problem}")
        if plugin is None or errors_of(problems):
            raise CommandError("\n".join(f"{name}: {problem}" for problem in errors_of(problems)))
        self.stdout.write(f"{name}: ok ({plugin.id} {plugin.version}, {len(plugin.rules)} rules)")

    def checked(self, name: str) -> tuple[Plugin | None, list]:
        """A manifest file or an installed plugin's id, and every problem with it."""
        path = Path(name)
        if path.is_dir():
            raise CommandError(
                f"{name} 是一个文件夹。包插件要先装进网站的环境（pip install -e {name}），"
                "再按插件标识检查：plugins check <插件标识>；没装之前，包里的测试会用 "
                "plugins.checks.check_plugin 检查它（见 docs/plugins.md）。"
            )
        if path.is_file():
            try:
                return check_manifest(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"{name}: 读不了这个文件（{error}）") from None
        entries = {entry.id: entry for entry in all_entries()}
        if name not in entries:
            raise CommandError(
                f"{name}：既不是清单文件，也不是已安装的插件"
                "（包插件要先 pip install -e 它的文件夹，再重启网站）。"
                f"已有的插件：{'、'.join(sorted(entries)) or '无'}。"
            )
        if not entries[name].ok:
            raise CommandError(f"{name}: {entries[name].error}")
        return entries[name].plugin, check_plugin(entries[name].plugin)

    def try_plugin(self, options: dict) -> None:
        name = options["plugin"]
        plugin = self.plugin_named(name)
        try:
            given, values = (
                self.json_option(options, "answers"),
                self.json_option(options, "values"),
            )
            if not isinstance(given, dict) or not isinstance(values, dict):
                raise ValueError("--answers 和 --values 须是 JSON 对象 {…}")
            township, without, with_plugin = run_trial(
                plugin,
                matter=options["matter"],
                township=options["township"],
                point=options["point"],
                answers=given,
                values=values,
            )
        except ValueError as error:  # bad JSON, values or input (TrialError)
            raise CommandError(f"{name}: {error}") from None
        heading = f"{plugin.name}（{plugin.id} {plugin.version}）在{township.name}"
        self.stdout.write(f"{' ' * 11}不启用{' ' * (COLUMN - 5)}启用 {heading}")
        for title, left, right in rows(without, with_plugin):
            self.stdout.write(side_by_side(title, left, right))

    @staticmethod
    def json_option(options: dict, name: str):
        try:
            return json.loads(options[name])
        except json.JSONDecodeError as error:
            raise ValueError(
                f"--{name} 不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）"
            ) from None

    def plugin_named(self, name: str) -> Plugin:
        """A manifest file or an installed plugin's id; a manifest with errors is refused."""
        plugin, problems = self.checked(name)
        if Path(name).is_file() and (plugin is None or errors_of(problems)):
            raise CommandError("\n".join(f"{name}: {problem}" for problem in errors_of(problems)))
        return plugin

    def new_package(self, options: dict) -> None:
        plugin_id = options["plugin_id"]
        directory = Path(options["directory"] or f"guides-plugin-{plugin_id}")
        taken = {entry.id for entry in all_entries()}
        try:
            package = planned(plugin_id, directory, options["name"] or f"新插件 {plugin_id}", taken)
            create(package, site=Path(settings.BASE_DIR))
        except ScaffoldError as error:
            raise CommandError(str(error)) from None
        manage = Path(settings.BASE_DIR) / "manage.py"
        self.stdout.write(next_steps(package, sys.executable, manage))

    def list_plugins(self) -> None:
        enabled: dict[str, list[str]] = {}
        for setting in TownshipPlugin.objects.filter(enabled=True).select_related("township"):
            enabled.setdefault(setting.plugin_id, []).append(setting.township.name)
        for entry in all_entries():
            version = entry.plugin.version if entry.plugin else "-"
            status = "ok" if entry.ok else f"FAILING: {entry.error}"
            where = "、".join(sorted(enabled.get(entry.id, []))) or "-"
            self.stdout.write(f"{entry.id}\t{entry.source}\t{version}\t{status}\t{where}")
