"""Small timing and memory helpers shared by the benchmark modules."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def time_ms(func: Callable[[], Any], repeat: int = 7, warmup: int = 1) -> tuple[float, float]:
    """Median and p95 wall time of ``func`` in milliseconds."""
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def peak_mb(func: Callable[[], Any]) -> tuple[float, Any]:
    """Peak Python heap (tracemalloc) while ``func`` runs, in MB, and its result."""
    gc.collect()
    tracemalloc.start()
    try:
        result = func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6, result
