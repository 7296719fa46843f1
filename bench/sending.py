"""Benchmark: send one issue to 2,000 subscribers through a local SMTP server, journal on.

What a real send does per recipient: personalise the message, commit the claim
(queued → sending), one SMTP transaction (MAIL, RCPT, DATA) on a reused connection,
commit the outcome. The SQLite journal runs with synchronous=FULL, as in production.
The SMTP server (aiosmtpd with its Sink handler, which accepts and discards) runs in a
process of its own, so it does not share the sender's interpreter. A second run with a
transport that drops every message shows what the journal and personalising cost alone.

Run from the repository root:  .venv/bin/python bench/sending.py
Results are appended to bench/RESULTS.md with the machine and the command.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from results import append_results, machine_line  # noqa: E402

from site_builder.config import load_config  # noqa: E402
from site_builder.newsletter.build import prepare_issue  # noqa: E402
from site_builder.schema import AMSTERDAM  # noqa: E402
from site_builder.sending.command import list_composer  # noqa: E402
from site_builder.sending.journal import Journal, State  # noqa: E402
from site_builder.sending.send import Effects, send_queued  # noqa: E402
from site_builder.sending.transports import Outgoing, SmtpTransport, parse_smtp_url  # noqa: E402
from site_builder.subscribers.csv_import import ImportRow  # noqa: E402
from site_builder.subscribers.store import open_store  # noqa: E402

ISSUE = ROOT / "newsletters" / "2026-11-extern.md"
RECIPIENTS = 2_000
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=AMSTERDAM)
KEY = b"bench-key-" * 4


class Discard:
    description = "nowhere"

    def send(self, outgoing: Outgoing) -> None:
        pass

    def close(self) -> None:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the SMTP server did not start")


def one_send(folder: Path, transport: object, label: str) -> tuple[float, float, int]:
    """Freeze and send to RECIPIENTS; (seconds to freeze, seconds to send, messages sent)."""
    config = load_config(ROOT / "mkdocs.yml")
    built = prepare_issue(config, ISSUE, NOW)
    with open_store(folder / label) as store:
        store.import_rows("external", (ImportRow(n, f"lezer{n:05d}@example.org", f"Lezer {n}",
                                                 "nl") for n in range(RECIPIENTS)), "bench", NOW)
        journal = Journal(store)
        started = time.perf_counter()
        journal.freeze(built.issue.slug, "external", "nl", "nl",
                       built.message.new_message_id, NOW)
        frozen = time.perf_counter() - started
        compose = list_composer(built, KEY, "external", "nieuwsbrief@zelfwijs.example",
                                "https://www.zelfwijs.example/afmelden/")
        started = time.perf_counter()
        send_queued(journal, built.issue.slug, "external", compose,
                    Effects(transport, now=lambda: datetime.now(UTC)))  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        sent = journal.counts(built.issue.slug, "external")[State.SENT]
    return frozen, seconds, sent


def main() -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l",
                               f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"])
    try:
        wait_for(port)
        with tempfile.TemporaryDirectory(prefix="bench-sending-") as work:
            transport = SmtpTransport(parse_smtp_url(f"smtp://127.0.0.1:{port}?starttls=false"))
            freeze_s, smtp_s, smtp_sent = one_send(Path(work), transport, "smtp")
            transport.close()
            _, bare_s, bare_sent = one_send(Path(work), Discard(), "discard")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert smtp_sent == bare_sent == RECIPIENTS, (smtp_sent, bare_sent)
    lines = [
        f"## Sending: {RECIPIENTS:,} messages to a local SMTP server, journal on "
        f"({datetime.now():%Y-%m-%d})",
        "",
        machine_line(),
        "- command: `.venv/bin/python bench/sending.py`",
        # The machine is shared: how busy it was says how far to trust the figures.
        "- load average (1, 5, 15 min) when it ended: "
        + ", ".join(f"{load:.1f}" for load in os.getloadavg()),
        f"- issue: `{ISSUE.relative_to(ROOT)}`; server: aiosmtpd Sink on 127.0.0.1 in its own "
        "process; one connection, reused; SQLite WAL, synchronous=FULL, 2 commits per message",
        f"- freeze the list ({RECIPIENTS:,} journal rows, one transaction): {freeze_s:.2f} s",
        f"- send over SMTP: {smtp_s:.2f} s, {RECIPIENTS / smtp_s:,.0f} messages/s "
        f"({1000 * smtp_s / RECIPIENTS:.2f} ms each)",
        f"- the same without SMTP (journal and personalising only): {bare_s:.2f} s, "
        f"{RECIPIENTS / bare_s:,.0f} messages/s ({1000 * bare_s / RECIPIENTS:.2f} ms each)",
        "",
    ]
    append_results(lines)


if __name__ == "__main__":
    main()
