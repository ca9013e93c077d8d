"""How fast this machine's CPU is right now, printed beside each benchmark's figures.

The development machine's two cores are shared with other work, and the same benchmark has run
twice as slow at one hour as at another. Ratios measured in the same run (platform against raw
engine) hold either way; absolute figures should be read with this one.
"""

from __future__ import annotations

import time

STEPS = 10_000_000


def loop_seconds() -> float:
    """Seconds for a plain Python loop of ``STEPS`` additions (mean of three: the slowdowns
    come and go within seconds, and the best run would hide them)."""
    started = time.perf_counter()
    for _ in range(3):
        total = 0
        for step in range(STEPS):
            total += step
    return (time.perf_counter() - started) / 3


def report() -> str:
    return f"host speed: a {STEPS:,}-step Python loop took {loop_seconds():.2f} s (mean of 3)"
