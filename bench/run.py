"""Run the benchmarks: ``make bench`` (or ``python bench/run.py [name ...]``).

Each ``bench/bench_<name>.py`` has ``main(argv) -> None`` that prints its figures beside a
baseline measured in the same run. With no names, every benchmark runs.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("-")]
    options = [a for a in argv if a.startswith("-")]
    available = sorted(p.stem[len("bench_") :] for p in HERE.glob("bench_*.py"))
    if not available:
        print("No benchmarks yet (bench/bench_<name>.py).")
        return 0
    for name in names or available:
        if name not in available:
            print(f"Unknown benchmark {name!r}; available: {', '.join(available)}")
            return 2
        print(f"== {name} ==")
        importlib.import_module(f"bench.bench_{name}").main(options)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
