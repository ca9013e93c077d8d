"""The demo county's SQLite database for plugin authors' tests, built once and kept between runs.

Creating the tables (``migrate``, ~12 s) and loading the demo county (``load_demo``, ~27 s) is
nearly all a plugin test run costs, and the result depends only on the migrations, the demo data
and its loaders, and which plugin packages are installed (the demo enables the example package
when it is there). ``guidesite.settings.plugin_tests`` names a cache directory
(``DEMO_DATABASE_CACHE``); this module keeps ``demo-<fingerprint>.sqlite3`` there:

- each pytest session runs on a copy of its own (``run-*.sqlite3``), never on the cached file, so
  parallel runs neither lock nor change each other's data;
- the cached file only ever appears complete: once ``load_demo`` has committed, the session's
  database is backed up into a temporary file that is then renamed to the cache name (an atomic
  rename), so a run interrupted while migrating or loading leaves nothing a later run trusts;
- what shapes the database is in the fingerprint, hence in the file name: a new migration, a
  changed demo file or another set of plugin packages means a new file, built once.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# What ``load_demo`` reads or runs besides the migrations, relative to the site: each app's demo
# module, package or data, the command, and the example manifests the demo stores.
DEMO_SOURCES = ("*/demo*", "*/management/commands/load_demo.py", "plugins/examples/manifests/*")
# A cached database unused this long is removed; so is what a killed run left behind (a run's
# copy, a half-written backup) after a day.
UNUSED_DEMO_SECONDS = 7 * 24 * 3600
LEFT_BEHIND_SECONDS = 24 * 3600


@dataclass(frozen=True)
class DemoDatabase:
    """``cache``: the complete database runs share; ``work``: this session's copy;
    ``reused``: whether ``work`` started as a copy of ``cache`` (else it starts empty)."""

    cache: Path
    work: Path
    reused: bool


def fingerprint(site: Path, apps: Iterable[tuple[str, Path]], plugins: Iterable[str]) -> str:
    """A digest of what shapes the demo database: the migration files of the ``apps`` (``(label,
    folder)`` pairs), the site's demo sources and the installed plugins' entry points."""
    digest = hashlib.sha256()

    def add(name: str, path: Path) -> None:
        digest.update(f"{name}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())

    for label, folder in sorted(apps):
        for path in sorted((folder / "migrations").glob("*.py")):
            add(f"{label}/{path.name}", path)
    for pattern in DEMO_SOURCES:
        for match in sorted(site.glob(pattern)):
            files = sorted(match.rglob("*")) if match.is_dir() else [match]
            for path in files:
                if path.is_file() and "__pycache__" not in path.parts:
                    add(path.relative_to(site).as_posix(), path)
    digest.update("\0".join(sorted(plugins)).encode())
    return digest.hexdigest()[:16]


def start(directory: Path, name: str, *, copy: bool = True) -> DemoDatabase:
    """This session's database: a new file in ``directory``; with ``copy``, a copy of
    ``demo-<name>.sqlite3`` when that exists (then marked as used), else empty."""
    directory.mkdir(parents=True, exist_ok=True)
    cache = directory / f"demo-{name}.sqlite3"
    prune(directory, keep=cache)
    handle, work = tempfile.mkstemp(prefix="run-", suffix=".sqlite3", dir=directory)
    os.close(handle)
    if not copy:
        return DemoDatabase(cache, Path(work), reused=False)
    try:
        shutil.copyfile(cache, work)  # opens the cache first: if it is gone, work stays empty
    except FileNotFoundError:
        return DemoDatabase(cache, Path(work), reused=False)
    with contextlib.suppress(OSError):
        os.utime(cache)  # still in use: ``prune`` keeps it
    return DemoDatabase(cache, Path(work), reused=True)


def publish(connection: sqlite3.Connection, cache: Path) -> None:
    """Back up the database ``connection`` holds (committed, with the demo county) into a
    temporary file, then rename it to ``cache``: a run sees the old file or the new, never part
    of one."""
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        connection.backup(target)
    except BaseException:
        target.close()
        partial.unlink(missing_ok=True)
        raise
    target.close()
    os.replace(partial, cache)


def finish(database: DemoDatabase) -> None:
    """Remove this session's copy (the cached file stays)."""
    for path in (database.work, database.work.with_name(f"{database.work.name}-journal")):
        path.unlink(missing_ok=True)


def prune(directory: Path, keep: Path) -> None:
    """Remove cached databases unused for a week and what killed runs left a day ago or more."""
    now = time.time()
    for path in directory.iterdir():
        cached = path.name.startswith("demo-") and path.name.endswith(".sqlite3")
        limit = UNUSED_DEMO_SECONDS if cached else LEFT_BEHIND_SECONDS
        with contextlib.suppress(OSError):  # another run may have removed it first
            if path != keep and now - path.stat().st_mtime > limit:
                path.unlink()
