"""Model benchmarks: validation, load+dump, and the memory of a 20,000-node document.

Targets (2-core machine, from issue 2): validate a 5,000-node version in under
150 ms, load+dump it in under 100 ms, and hold a 20,000-node document (built,
dumped, loaded and validated) in under 150 MB of Python heap.
"""

from __future__ import annotations

import gc
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.graphs import branching_document
from bench.measure import peak_mb, time_ms
from flowdesk.model.catalog import builtin_catalog
from flowdesk.model.document import dump, load
from flowdesk.model.validation import validate

SIZES = (1_000, 5_000, 20_000)
VALIDATE_TARGET_MS = {5_000: 150.0}
LOAD_DUMP_TARGET_MS = {5_000: 100.0}
MEMORY_TARGET_MB = 150.0


def _json_of(n: int) -> Any:
    """The document as freshly parsed JSON, as a file or database row would give it."""
    return json.loads(json.dumps(dump(branching_document(n))))


def _cpu_ms(func: Callable[[], Any], repeat: int) -> float:
    """Median CPU time of ``func``: wall time is meaningless when other jobs share the cores."""
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        func()
        samples.append((time.process_time() - start) * 1000)
    return statistics.median(samples)


def _whole_pipeline(n: int) -> int:
    raw = _json_of(n)
    document = load(raw)
    problems = validate(document)
    dump(document)
    return len(problems)


def run() -> list[dict]:
    catalog = builtin_catalog()
    results: list[dict] = []
    for n in SIZES:
        raw = _json_of(n)
        document = load(raw)
        problems = validate(document, catalog)
        if problems:  # a benchmark of a failing path would measure the wrong thing
            raise AssertionError(f"generated {n}-node document has problems: {problems[:3]}")
        repeat = 7 if n <= 5_000 else 3
        median, p95 = time_ms(lambda d=document: validate(d, catalog), repeat=repeat)
        cpu = _cpu_ms(lambda d=document: validate(d, catalog), repeat)
        results.append({
            "name": f"validate {n:,} nodes", "median_ms": median, "p95_ms": p95,
            "target_ms": VALIDATE_TARGET_MS.get(n),
            "notes": f"{len(document.graph.edges):,} edges; CPU {cpu:,.0f} ms",
        })
        median, p95 = time_ms(lambda r=raw: validate(r, catalog), repeat=repeat)
        results.append({
            "name": f"validate {n:,} nodes from JSON", "median_ms": median, "p95_ms": p95,
            "notes": "includes load()",
        })
        median, p95 = time_ms(lambda r=raw: dump(load(r)), repeat=repeat)
        cpu = _cpu_ms(lambda r=raw: dump(load(r)), repeat)
        results.append({
            "name": f"load+dump {n:,} nodes", "median_ms": median, "p95_ms": p95,
            "target_ms": LOAD_DUMP_TARGET_MS.get(n), "notes": f"CPU {cpu:,.0f} ms",
        })
    mb, _ = peak_mb(lambda: _whole_pipeline(20_000))
    results.append({
        "name": "20,000-node document peak memory", "peak_mb": mb, "target_mb": MEMORY_TARGET_MB,
        "notes": "generate, dump, parse, load, validate, dump (tracemalloc)",
    })
    return results


if __name__ == "__main__":
    for row in run():
        print(row)
