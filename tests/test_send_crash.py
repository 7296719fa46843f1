"""A send killed with SIGKILL at random points, and run again until it is done, mails nobody
twice and skips nobody: every recipient gets at most one message, and all but the ones
reported as unknown exactly one.

The sender runs as its own process (`python -m site_builder newsletter send`), as staff
run it. It is killed from inside the SMTP server at chosen moments of a transaction (at
RCPT; during DATA before the message is stored; after it is stored but before the server
says so) and by a timer at an arbitrary moment (starting up, freezing the list, between
two messages, committing).
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from site_builder.subscribers.store import open_store

from .sending_fixtures import (
    ISSUE,
    add_subscribers,
    data,
    newsletter_project,
    subprocess_environment,
)
from .smtp_server import Handler, SmtpServer

__all__ = ["data", "newsletter_project"]  # fixtures
RECIPIENTS = 200  # a send long enough for a timer to stop it on a fast machine too
KILLS = 5
MAX_RUNS = 12
HOOKED = ("rcpt", "data-before-stored", "data-after-stored")
MOMENTS = (*HOOKED, "timer-from-start", "timer-while-sending")


class Killer:
    """Kills the current sending process when its moment comes for the n-th time, or a
    random fraction of a second after the run's first RCPT (a timer: wherever it is then)."""

    def __init__(self, chance: random.Random) -> None:
        self.chance = chance
        self.lock = threading.Lock()
        self.process: subprocess.Popen[str] | None = None
        self.moment: str | None = None
        self.countdown = 0

    def arm(self, process: subprocess.Popen[str] | None, moment: str | None,
            countdown: int = 0) -> None:
        with self.lock:
            self.process, self.moment, self.countdown = process, moment, countdown

    def _kill(self) -> None:
        with self.lock:
            if self.process is not None:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process = None

    def reached(self, moment: str) -> bool:
        with self.lock:
            if self.process is None:
                return False
            if self.moment == "timer-while-sending" and moment == "rcpt":
                self.moment = None  # once per run
                threading.Timer(self.chance.uniform(0, 0.15), self._kill).start()
                return False
            if self.moment != moment:
                return False
            self.countdown -= 1
            if self.countdown > 0:
                return False
        self._kill()
        return True

    def hooks(self, handler: Handler) -> None:
        handler.on_rcpt = lambda address: bool(self.reached("rcpt"))
        handler.on_data = lambda address, stored: self.reached(
            "data-after-stored" if stored else "data-before-stored")


def run_send(project: Path, environ: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "site_builder", "newsletter", "send", ISSUE, "--list",
         "external"], cwd=project, env=environ, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)


def test_a_send_killed_at_random_points_and_resumed_mails_everyone_at_most_once(
    newsletter_project: Path, data: Path
) -> None:
    people = add_subscribers(data, RECIPIENTS)
    seed = random.randrange(2**32)
    chance = random.Random(seed)
    handler, killer = Handler(), Killer(chance)
    killer.hooks(handler)
    kills: list[str] = []
    final: tuple[str, str, int] | None = None
    with SmtpServer(handler) as server:
        environ = subprocess_environment(data, server.url)
        for _run in range(MAX_RUNS):
            moment = chance.choice(MOMENTS) if len(kills) < KILLS else None
            process = run_send(newsletter_project, environ)
            killer.arm(process, moment, chance.randint(1, 3))
            if moment == "timer-from-start":  # starting up, building, freezing, sending
                threading.Timer(chance.uniform(0.05, 0.7), killer._kill).start()
            out, err = process.communicate(timeout=120)
            killer.arm(None, None)
            if process.returncode == -signal.SIGKILL:
                kills.append(str(moment))
                continue
            # 0, or 3 when messages of unknown fate are left (checked below).
            assert process.returncode in (0, 3), f"seed {seed}: {err}"
            final = out, err, process.returncode  # a run that was not killed finished it
            break
        received = handler.per_recipient()

    context = f"seed {seed}, kills {kills}"
    assert final is not None, context
    assert len(kills) >= 4, context
    with open_store(data) as store:
        rows = store.connection.execute(
            "SELECT s.email, j.state, j.message_id FROM journal j JOIN subscribers s "
            "ON s.id = j.subscriber_id").fetchall()
    unknown = {email.lower(): message_id for email, state, message_id in rows
               if state == "sending"}
    assert {state for _, state, _ in rows} <= {"sent", "sending"}, context
    assert len(rows) == RECIPIENTS, context
    # At most one message each; exactly one for everyone whose fate is not unknown.
    assert max(received.values()) == 1, context
    for address in people:
        if address.lower() not in unknown:
            assert received[address.lower()] == 1, (address, context)
    # Every kill inside a transaction left exactly that message unknown, and the last run
    # reported each unknown one by its Message-ID (never by address).
    assert len(unknown) >= sum(kill in HOOKED for kill in kills), context
    out, err, code = final
    assert set(re.findall(r"^  <([^>]+)>$", err, re.M)) == set(unknown.values()), context
    assert f"{len(unknown)} unknown, 0 still queued" in out, context
    assert code == (3 if unknown else 0), context
    assert not any(address.lower() in (out + err).lower() for address in people), context
