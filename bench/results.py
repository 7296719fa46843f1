"""What every benchmark writes: the machine it ran on, and its lines appended to RESULTS.md."""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def machine_line() -> str:
    return (f"- machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, {platform.platform()}")


def hardware_line() -> str:
    """The processor and memory (Linux), for figures that depend on them."""
    cpu = memory = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return f"- CPU: {cpu}; `nproc`: {os.cpu_count()}; RAM: {memory}"


def append_results(lines: list[str]) -> None:
    """Print the lines and add them to RESULTS.md, keeping the results already there."""
    print("\n".join(lines))
    existing = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    RESULTS.write_text(existing + "\n".join(lines) + "\n", encoding="utf-8")
