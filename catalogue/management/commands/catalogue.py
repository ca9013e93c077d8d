"""``manage.py catalogue import FILE [--apply] [--map 原列名=字段]``, ``manage.py catalogue export
FILE [--format national]`` and ``manage.py catalogue demo``."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalogue import mapping
from catalogue.demo_catalogue import load_demo_catalogue
from catalogue.export import export_rows
from catalogue.files import FileError, Reading, format_of, read_file, write_rows
from catalogue.importer import Importer, ImportRefused, Preview
from catalogue.report import column_lines, row_lines
from guides.models import Region
from guides.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import the catalogue of guides and offers from CSV, XLSX or JSON, in the platform's "
        "columns or the national ones (a dry run unless --apply), or export it. See "
        "docs/catalogue.md."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="check a file, and with --apply import it")
        load.add_argument("file")
        load.add_argument("--apply", action="store_true", help="write it (all or nothing)")
        load.add_argument(
            "--user",
            required=True,
            help="the staff user the import is made as: their role decides what is allowed, "
            "and township editors' changes go to review",
        )
        load.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="原列名=字段",
            help="read a column the national names do not cover as this field (or “ignore”); "
            "again for each column; mappings saved in the admin apply too",
        )
        dump = sub.add_parser("export", help="write the catalogue to a file")
        dump.add_argument("file")
        dump.add_argument("--township", help="division code: only this township's guides")
        dump.add_argument(
            "--format",
            choices=("platform", "national"),
            default="platform",
            help="the platform's columns (code, title, …) or the national ones (事项名称, …)",
        )
        sub.add_parser("demo", help="import the demo county's full catalogue (after load_demo)")

    def handle(self, *args, **options):
        try:
            if options["action"] == "import":
                self.load(Path(options["file"]), options["user"], options["apply"], options)
            elif options["action"] == "export":
                self.dump(Path(options["file"]), options.get("township"), options["format"])
            else:
                self.demo()
        except (FileError, OSError, mapping.MappingError) as error:
            raise CommandError(str(error)) from error

    def load(self, path: Path, username: str, apply: bool, options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        columns = mapping.saved() | mapping.parse(options["map"])
        reading = read_file(path.read_bytes(), format_of(path.name), columns)
        importer = Importer(user)
        try:
            if apply:
                bar = ProgressBar("importing", self.stderr)
                preview = importer.apply(reading.rows, progress=bar, notes=reading.notes)
            else:
                bar = ProgressBar("checking", self.stderr)
                preview = importer.preview(reading.rows, progress=bar, notes=reading.notes)
        except ImportRefused as refused:
            self.report(refused.preview, reading)
            raise CommandError("nothing was imported: fix the rows above") from refused
        self.report(preview, reading)
        if not preview.ok:
            raise CommandError("the file has problems (dry run; nothing was imported)")
        self.stdout.write("imported" if apply else "dry run: run again with --apply to import")

    def report(self, preview: Preview, reading: Reading | None = None) -> None:
        counts = preview.counts()
        self.stdout.write(", ".join(f"{n} {status}" for status, n in counts.items()))
        for line in column_lines(reading) if reading else []:
            self.stdout.write(line)
        for line in row_lines(preview):
            self.stdout.write(line)

    def dump(self, path: Path, township_code: str | None, columns: str) -> None:
        township = None
        if township_code:
            township = Region.objects.filter(code=township_code, level="township").first()
            if township is None:
                raise CommandError(f"no township with division code {township_code}")
        rows = export_rows(township)
        national = columns == "national"
        path.write_bytes(write_rows(rows, format_of(path.name), national=national))
        self.stdout.write(f"{len(rows)} guides written to {path}")

    def demo(self) -> None:
        try:
            preview = load_demo_catalogue(progress=ProgressBar("importing", self.stderr))
        except ImportRefused as refused:
            self.report(refused.preview)
            raise CommandError("the demo catalogue was not imported") from refused
        counts = preview.counts()
        self.stdout.write(", ".join(f"{n} {status}" for status, n in counts.items() if n))
