"""`python benchmarks/run.py`: see benchmarks/README.md (code in tests/benchmarking)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.benchmarking.run import main

if __name__ == "__main__":
    raise SystemExit(main())
