"""manage.py search_eval [--engine database|elasticsearch] [--queries FILE] [--misses KIND]

Runs the relevance query set (``search/relevance/queries.toml``) on each engine over every guide
in the database, live or draft (load the large catalogue first: ``manage.py catalogue demo``),
and prints success@1, success@3, MRR, the zero-result and low-confidence shares per kind of
query. The public search is left as it was (``search.evaluation``).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from search import evaluation
from search.evaluation import Figures, Outcome


class Command(BaseCommand):
    help = "Measure search relevance on the query set, per kind of query and per engine."

    def add_arguments(self, parser):
        parser.add_argument(
            "--engine",
            choices=["all", "database", "elasticsearch"],
            default="all",
            help="Which engine to measure (default: both; Elasticsearch when configured).",
        )
        parser.add_argument("--queries", type=Path, default=evaluation.QUERIES)
        parser.add_argument(
            "--misses",
            metavar="KIND",
            help="Also list the queries of this kind (or 'all') not answered in the top 3.",
        )

    def handle(self, *args, engine: str, queries: Path, misses: str | None, **options):
        cases = evaluation.load_cases(queries)
        names = ["database", "elasticsearch"] if engine == "all" else [engine]
        with evaluation.evaluation_engines(names) as chosen:
            for name, target in chosen.items():
                outcomes = evaluation.run(target, cases)
                self.table(name, evaluation.figures(outcomes))
                if misses:
                    self.misses(outcomes, misses)
        if not chosen:
            self.stderr.write("No engine to measure (Elasticsearch is not configured).")

    def table(self, engine: str, table: dict[str, Figures]) -> None:
        self.stdout.write(f"\n{engine}")
        self.stdout.write(
            f"{'kind':<14} {'n':>4} {'s@1':>6} {'s@3':>6} {'MRR':>6} {'zero':>6} {'unsure':>6}"
            f" {'bad dym':>7}"
        )
        for kind, f in table.items():
            self.stdout.write(
                f"{kind:<14} {f.queries:>4} {f.success_1:>6.3f} {f.success_3:>6.3f} {f.mrr:>6.3f}"
                f" {f.zero:>6.3f} {f.unsure:>6.3f} {f.wrong_suggestions:>7}"
            )

    def misses(self, outcomes: list[Outcome], kind: str) -> None:
        for o in outcomes:
            if kind in ("all", o.case.kind) and (o.rank is None or o.rank > 3):
                found = " | ".join(o.titles[:3]) or f"(nothing; did you mean: {o.suggestion})"
                self.stdout.write(f"  {o.case.kind:<12} {o.case.text} → {found}")
