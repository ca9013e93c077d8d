"""How fast this machine's CPU is right now, printed beside each benchmark's figures.

The development machine's two cores are shared with other work, and the same benchmark has run
twice as slow at one hour as at another. Ratios measured in the same run (platform against raw
engine) hold either way; absolute figures should be read with this one.
"""

from __future__ import annotations

import time

STEPS = 10_000_000


def loop_seconds() -> float:
    """Seconds for a plain Python loop of ``STEPS`` additions (best of three)."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for step in range(STEPS):
            total += step
        best = min(best, time.perf_counter() - started)
    return best


def report() -> str:
    return f"host speed: a {STEPS:,}-step Python loop took {loop_seconds():.2f} s (best of 3)"
