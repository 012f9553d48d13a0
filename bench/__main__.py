"""Run every benchmark module, print a table and write ``bench/results.json``.

Each ``bench_*.py`` module exposes ``run() -> list[dict]``; a result has a
``name``, a measured ``median_ms`` (and optionally ``p95_ms``, ``peak_mb``),
the ``target_ms``/``target_mb`` it is held to, and free-form ``notes``.
``python -m bench model canvas`` runs only the named modules.
"""

from __future__ import annotations

import importlib
import json
import platform
import sys
import time
import traceback
from pathlib import Path

MODULES = ("model", "diff", "storage", "canvas", "diffview", "sync", "startup", "input")
RESULTS = Path(__file__).with_name("results.json")


def _verdict(result: dict) -> str:
    checks = []
    if result.get("target_ms") is not None and result.get("median_ms") is not None:
        checks.append(result["median_ms"] <= result["target_ms"])
    if result.get("target_mb") is not None and result.get("peak_mb") is not None:
        checks.append(result["peak_mb"] <= result["target_mb"])
    if not checks:
        return "-"
    return "ok" if all(checks) else "MISSED"


def _fmt(value: object, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}{unit}"
    return f"{value}{unit}"


def main(argv: list[str]) -> int:
    wanted = argv or list(MODULES)
    rows: list[dict] = []
    failures = 0
    for name in wanted:
        try:
            module = importlib.import_module(f"bench.bench_{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.bench_{name}":
                print(f"[bench] no bench_{name}.py yet; skipped", file=sys.stderr)
                continue
            raise
        started = time.perf_counter()
        try:
            results = module.run()
        except Exception:
            traceback.print_exc()
            failures += 1
            rows.append({"module": name, "name": "(crashed)", "notes": "see traceback"})
            continue
        for r in results:
            r.setdefault("module", name)
            r["verdict"] = _verdict(r)
            rows.append(r)
        print(f"[bench] {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)

    header = ("module", "benchmark", "median", "p95", "target", "peak MB", "target MB", "", "notes")
    table = [header]
    for r in rows:
        table.append((
            r.get("module", ""), r.get("name", ""), _fmt(r.get("median_ms"), " ms"),
            _fmt(r.get("p95_ms"), " ms"), _fmt(r.get("target_ms"), " ms"), _fmt(r.get("peak_mb")),
            _fmt(r.get("target_mb")), r.get("verdict", ""), r.get("notes", ""),
        ))
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "results": rows,
    }, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {RESULTS}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
