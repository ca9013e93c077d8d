"""``manage.py catalogue import FILE [--apply]`` and ``manage.py catalogue export FILE``."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalogue.export import export_rows
from catalogue.files import FileError, format_of, read_rows, write_rows
from catalogue.importer import Importer, ImportRefused, Preview
from guides.models import Region
from guides.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import the catalogue of guides and offers from CSV, XLSX or JSON (a dry run unless "
        "--apply), or export it. See docs/catalogue.md."
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
        dump = sub.add_parser("export", help="write the catalogue to a file")
        dump.add_argument("file")
        dump.add_argument("--township", help="division code: only this township's guides")

    def handle(self, *args, **options):
        try:
            if options["action"] == "import":
                self.load(Path(options["file"]), options["user"], options["apply"])
            else:
                self.dump(Path(options["file"]), options.get("township"))
        except (FileError, OSError) as error:
            raise CommandError(str(error)) from error

    def load(self, path: Path, username: str, apply: bool) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        parsed = read_rows(path.read_bytes(), format_of(path.name))
        importer = Importer(user)
        try:
            if apply:
                preview = importer.apply(parsed, progress=ProgressBar("importing", self.stderr))
            else:
                preview = importer.preview(parsed, progress=ProgressBar("checking", self.stderr))
        except ImportRefused as refused:
            self.report(refused.preview)
            raise CommandError("nothing was imported: fix the rows above") from refused
        self.report(preview)
        if not preview.ok:
            raise CommandError("the file has problems (dry run; nothing was imported)")
        self.stdout.write("imported" if apply else "dry run: run again with --apply to import")

    def report(self, preview: Preview) -> None:
        counts = preview.counts()
        self.stdout.write(", ".join(f"{n} {status}" for status, n in counts.items()))
        for problem in preview.problems:
            self.stdout.write(f"row {problem.row}, {problem.column}: {problem.message}")

    def dump(self, path: Path, township_code: str | None) -> None:
        township = None
        if township_code:
            township = Region.objects.filter(code=township_code, level="township").first()
            if township is None:
                raise CommandError(f"no township with division code {township_code}")
        rows = export_rows(township)
        path.write_bytes(write_rows(rows, format_of(path.name)))
        self.stdout.write(f"{len(rows)} guides written to {path}")
