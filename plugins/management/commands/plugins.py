"""``plugins list``: every plugin, its source, version, status and townships;
``plugins check <file>``: validate a manifest, exit non-zero with its errors."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plugins.manifest import ManifestError, load_manifest
from plugins.models import TownshipPlugin
from plugins.registry import all_entries


class Command(BaseCommand):
    help = "List township plugins, or check a manifest file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="every plugin, its source, version, status and townships")
        check = sub.add_parser("check", help="validate a manifest (YAML or JSON)")
        check.add_argument("file", type=Path)

    def handle(self, *args, action: str, **options):
        if action == "check":
            self.check_manifest(options["file"])
        else:
            self.list_plugins()

    def check_manifest(self, path: Path) -> None:
        try:
            plugin = load_manifest(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        except ManifestError as error:
            raise CommandError(
                "\n".join(f"{path}: {problem}" for problem in error.problems)
            ) from None
        self.stdout.write(f"{path}: ok ({plugin.id} {plugin.version}, {len(plugin.rules)} rules)")

    def list_plugins(self) -> None:
        enabled: dict[str, list[str]] = {}
        for setting in TownshipPlugin.objects.filter(enabled=True).select_related("township"):
            enabled.setdefault(setting.plugin_id, []).append(setting.township.name)
        for entry in all_entries():
            version = entry.plugin.version if entry.plugin else "-"
            status = "ok" if entry.ok else f"FAILING: {entry.error}"
            where = "、".join(sorted(enabled.get(entry.id, []))) or "-"
            self.stdout.write(f"{entry.id}\t{entry.source}\t{version}\t{status}\t{where}")
