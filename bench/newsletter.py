"""Benchmark: build one newsletter issue, then personalise it for 10,000 recipients.

Target: personalising 10,000 recipients in under 2 s on the project's machine,
with the CSS inlined once per issue (premailer is never called per recipient).

Run from the repository root:  .venv/bin/python bench/newsletter.py
Results are appended to bench/RESULTS.md with the machine and the command.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import premailer  # noqa: E402
from results import append_results, machine_line  # noqa: E402

from site_builder.config import load_config  # noqa: E402
from site_builder.newsletter.build import prepare_issue  # noqa: E402
from site_builder.newsletter.message import Recipient  # noqa: E402
from site_builder.schema import AMSTERDAM  # noqa: E402

ISSUE = ROOT / "newsletters" / "2026-11-extern.md"
RECIPIENTS = 10_000
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=AMSTERDAM)


def main() -> None:
    config = load_config(ROOT / "mkdocs.yml")
    started = time.perf_counter()
    with mock.patch.object(premailer.Premailer, "transform", autospec=True,
                           side_effect=premailer.Premailer.transform) as transform:
        built = prepare_issue(config, ISSUE, NOW)
        build_seconds = time.perf_counter() - started
        recipients = [Recipient(f"lezer{n}@example.org", f"Lezer {n}",
                                f"https://www.zelfwijs.example/afmelden/?t={n:08d}",
                                built.message.new_message_id())
                      for n in range(RECIPIENTS)]
        runs, cpu_runs = [], []
        for _ in range(3):
            started, cpu_started = time.perf_counter(), time.process_time()
            total = 0
            for recipient in recipients:
                total += len(built.message.personalise(recipient))
            runs.append(time.perf_counter() - started)
            cpu_runs.append(time.process_time() - cpu_started)
        inlinings = transform.call_count
    best = min(runs)
    html_bytes = len(built.rendered.html.encode("utf-8"))
    lines = [
        f"## Newsletter: build one issue, personalise {RECIPIENTS:,} ({datetime.now():%Y-%m-%d})",
        "",
        machine_line(),
        "- command: `.venv/bin/python bench/newsletter.py`",
        # The machine is shared: how busy it was says how far to trust the figures.
        "- load average (1, 5, 15 min) when it ended: "
        + ", ".join(f"{load:.1f}" for load in os.getloadavg()),
        f"- issue: `{ISSUE.relative_to(ROOT)}`, {html_bytes:,} bytes of inlined HTML, "
        f"{total // RECIPIENTS:,} bytes per message",
        f"- build (read content, render, inline, check, MIME): {build_seconds:.2f} s",
        f"- personalise {RECIPIENTS:,}: best {best:.2f} s, median {statistics.median(runs):.2f} s "
        f"of {len(runs)} runs ({RECIPIENTS / best:,.0f} messages/s); target < 2 s: "
        f"{'met' if best < 2 else 'NOT MET'}",
        # CPU time is what the work costs this process, however many others share the cores.
        f"- the same in CPU time: best {min(cpu_runs):.2f} s",
        f"- premailer inlinings during the whole run: {inlinings}",
        "",
    ]
    append_results(lines)


if __name__ == "__main__":
    main()
