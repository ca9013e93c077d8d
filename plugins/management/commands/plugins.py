"""``plugins list``: every plugin, its source, version, status and townships;
``plugins check <file or package id>``: check a manifest or an installed package (syntax, schema
and meaning: ``plugins.checks``), print every problem and warning, exit non-zero on errors."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plugins.checks import check_manifest, check_plugin, errors_of
from plugins.models import TownshipPlugin
from plugins.registry import all_entries


class Command(BaseCommand):
    help = "List township plugins, or check a manifest file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="every plugin, its source, version, status and townships")
        check = sub.add_parser("check", help="check a manifest file or an installed package")
        check.add_argument("file", help="a manifest (YAML or JSON), or a package plugin's id")

    def handle(self, *args, action: str, **options):
        if action == "check":
            self.check_manifest(options["file"])
        else:
            self.list_plugins()

    def check_manifest(self, name: str) -> None:
        path = Path(name)
        packages = {entry.id: entry for entry in all_entries()}
        if not path.exists() and name in packages:
            entry = packages[name]
            if not entry.ok:
                raise CommandError(f"{name}: {entry.error}")
            plugin, problems = entry.plugin, check_plugin(entry.plugin)
        else:
            try:
                plugin, problems = check_manifest(path.read_text(encoding="utf-8"))
            except OSError as error:
                raise CommandError(f"{path}: {error.strerror}") from None
        for problem in problems:
            if problem.warning:
                self.stdout.write(f"{name}: {problem}")
        if plugin is None or errors_of(problems):
            raise CommandError("\n".join(f"{name}: {problem}" for problem in errors_of(problems)))
        self.stdout.write(f"{name}: ok ({plugin.id} {plugin.version}, {len(plugin.rules)} rules)")

    def list_plugins(self) -> None:
        enabled: dict[str, list[str]] = {}
        for setting in TownshipPlugin.objects.filter(enabled=True).select_related("township"):
            enabled.setdefault(setting.plugin_id, []).append(setting.township.name)
        for entry in all_entries():
            version = entry.plugin.version if entry.plugin else "-"
            status = "ok" if entry.ok else f"FAILING: {entry.error}"
            where = "、".join(sorted(enabled.get(entry.id, []))) or "-"
            self.stdout.write(f"{entry.id}\t{entry.source}\t{version}\t{status}\t{where}")
