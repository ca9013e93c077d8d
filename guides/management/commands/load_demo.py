"""``manage.py load_demo``: load or refresh the demo county, 陵水黎族自治县."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from guides.demo.loader import load_demo, reset_summary
from guides.demo.reading import DemoDataError

# Every page save logs a line per background task and per page event; too many to read.
CHATTY_LOGGERS = ("django_tasks", "wagtail")


@contextmanager
def quieter(names: tuple[str, ...], level: int) -> Iterator[None]:
    """Raise the level of some loggers while the block runs."""
    loggers = [logging.getLogger(name) for name in names]
    before = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(level)
    try:
        yield
    finally:
        for logger, old in zip(loggers, before, strict=True):
            logger.setLevel(old)


class Command(BaseCommand):
    help = (
        "Load the demo county 陵水黎族自治县 (regions, service points, themes, guides, offers, "
        "life events) from guides/demo/data/. Safe to run again: it creates only what is "
        "missing and never changes what exists. --reset brings everything back to the data."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing on success.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Start over: overwrite every demo page, snippet and plugin with the data "
            "(says what it replaces first).",
        )

    def handle(self, *args, **options) -> None:
        quiet = options["quiet"] or options["verbosity"] == 0
        level = logging.INFO if options["verbosity"] >= 2 else logging.WARNING
        if options["reset"]:
            self.stdout.write(self.style.WARNING(f"Resetting the demo county: {reset_summary()}"))
        try:
            with quieter(CHATTY_LOGGERS, level):
                counts = load_demo(reset=options["reset"])
        except DemoDataError as error:
            raise CommandError(f"The demo data was not loaded: {error}") from error
        if not quiet:
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Demo county loaded: {summary}."))
