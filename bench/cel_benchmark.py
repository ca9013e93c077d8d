"""Why the plugins use ``common-expression-language`` rather than ``cel-python``: the figures.

    .venv/bin/pip install cel-python==0.5.0   # only for this comparison; not a requirement
    .venv/bin/python bench/cel_benchmark.py

Compiles and evaluates conditions shaped like the example manifests' with both libraries and
prints microseconds per call (best of 5 runs), then the cost of a nested loop, which is why a
manifest may use at most one comprehension macro.
"""

from __future__ import annotations

import time

import cel

CONDITIONS = {
    "comparison": 'answers.proxy_consent == true && point.kind == "village_station"',
    "membership": "point.township != township.code && matter.code in values.delegated_matters",
    "one loop": 'values.partner_regions.exists(r, r.startsWith("4408")) && answers.age >= 18',
}
VARIABLES = {
    "answers": {"proxy_consent": True, "age": 40},
    "point": {"kind": "village_station", "township": "469034103000"},
    "township": {"code": "469034101000"},
    "matter": {"code": "469034-GG-002"},
    "values": {
        "delegated_matters": [f"469034-GG-{n:03d}" for n in range(1, 40)],
        "partner_regions": ["440825000000", "331021000000"],
    },
}


def best_us(run, repeat: int) -> float:
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(repeat):
            run()
        timings.append((time.perf_counter() - started) / repeat)
    return min(timings) * 1e6


def main() -> None:
    try:
        import celpy
    except ImportError:
        celpy = None
        print("cel-python is not installed: pip install cel-python==0.5.0 to compare")
    print(f"{'condition':<12} {'library':<30} {'compile µs':>11} {'evaluate µs':>12}")
    for name, source in CONDITIONS.items():
        program = cel.compile(source)
        assert program.execute(VARIABLES) is True
        compile_us = best_us(lambda s=source: cel.compile(s), 200)
        run_us = best_us(lambda p=program: p.execute(VARIABLES), 2000)
        print(f"{name:<12} {'common-expression-language':<30} {compile_us:>11.1f} {run_us:>12.1f}")
        if celpy is None:
            continue
        env = celpy.Environment()
        compiled = env.program(env.compile(source))
        activation = celpy.json_to_cel(VARIABLES)
        assert bool(compiled.evaluate(activation)) is True
        compile_us = best_us(lambda s=source, e=env: e.program(e.compile(s)), 20)
        run_us = best_us(lambda c=compiled: c.evaluate(celpy.json_to_cel(VARIABLES)), 200)
        print(f"{name:<12} {'cel-python':<30} {compile_us:>11.1f} {run_us:>12.1f}")
    items = list(range(200))
    for depth, source in (
        (1, "l.all(a, a >= 0)"),
        (2, "l.all(a, l.all(b, a + b >= 0))"),
        (3, "l.all(a, l.all(b, l.all(c, a + b + c >= 0)))"),
    ):
        program = cel.compile(source)
        started = time.perf_counter()
        program.execute({"l": items})
        elapsed = (time.perf_counter() - started) * 1000
        print(f"nested loops over 200 items, depth {depth}: {elapsed:.1f} ms")


if __name__ == "__main__":
    main()
