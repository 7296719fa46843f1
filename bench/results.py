"""What every benchmark writes: the machine it ran on, and its lines appended to RESULTS.md."""

from __future__ import annotations

import os
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine_line() -> str:
    return (f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, {platform.platform()}")


def append_results(lines: list[str]) -> None:
    """Print the lines and add them to RESULTS.md, keeping the results already there."""
    print("\n".join(lines))
    existing = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    RESULTS.write_text(existing + "\n".join(lines) + "\n", encoding="utf-8")
