"""Live preview: rebuild when content/, templates/ or mkdocs.yml change; reload the browser.

While the content has errors, every page the preview serves shows them on top
of the last version that built; the next good build takes them away. Only the
preview adds this: a real build never does.

The preview keeps one `PreviewSession` for as long as it runs: after a save only the pages
whose inputs changed are rendered again, and only the files that changed are replaced in the
served folder (language_builds.py). Before that, the saved page itself is rendered and shown
(saved_pages.py), and a save during a rebuild stops it for the next one (cancel.py). The
server hears about a save from the operating system (inotify on Linux) rather than by
looking at every file twice a second.
"""

from __future__ import annotations

import gc
import os
import re
import tempfile
import threading
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path
from typing import TextIO

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from ..cancel import Superseded, stoppable
from ..config import SiteConfig, load_config
from ..problems import ContentError, Problem
from .build import TEMPLATES_DIR, render_site
from .language_builds import PreviewSession


def _with_code(text: str) -> Markup:
    """A message's `settings` and `paths` in code type, the rest escaped as text."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


_ENVIRONMENT = Environment(loader=FileSystemLoader(str(Path(__file__).parent)),
                           autoescape=select_autoescape(default=True, default_for_string=True))
_ENVIRONMENT.filters["with_code"] = _with_code
_OVERLAY = _ENVIRONMENT.get_template("preview_problems.html.j2")
_NOTHING_BUILT = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<title>Preview: not built yet</title></head><body></body></html>")


class SavedFiles:
    """The files saved since the last rebuild began (told by the observer's thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[Path] = set()

    def add(self, *paths: str | bytes) -> None:
        with self._lock:
            self._paths.update(Path(os.fsdecode(path)) for path in paths if path)

    def take(self) -> set[Path]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


class _OnlyChanges(FileSystemEventHandler):
    """Passes on what changes a file, not a file being read: every build reads the
    templates, and MkDocs rebuilds on any event, so the preview rebuilt without end."""

    def __init__(self, handler: FileSystemEventHandler, saved: SavedFiles | None) -> None:
        self.handler = handler
        self.saved = saved

    def dispatch(self, event: FileSystemEvent) -> None:
        if event.event_type in (EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE):
            return
        if self.saved is not None and not event.is_directory:
            self.saved.add(event.src_path, getattr(event, "dest_path", ""))
        self.handler.dispatch(event)


class ChangeObserver(Observer):  # type: ignore[misc, valid-type]
    """The operating system's notices of saves (inotify on Linux), without mere reads;
    which files they were goes to `saved`."""

    def __init__(self, saved: SavedFiles | None = None) -> None:
        super().__init__()
        self.saved = saved

    def schedule(self, event_handler: FileSystemEventHandler, path: str,
                 *args: object, **kwargs: object) -> object:
        return super().schedule(_OnlyChanges(event_handler, self.saved), path,
                                *args, **kwargs)


class PreviewState:
    """The errors of the latest rebuild; empty when it built."""

    def __init__(self) -> None:
        self.errors: tuple[Problem, ...] = ()
        self.built = False  # whether any build succeeded: then its pages are served

    def overlay(self) -> str:
        return _OVERLAY.render(problems=self.errors, built=self.built) if self.errors else ""


def with_overlay(html: bytes, state: PreviewState) -> bytes:
    """The page with the current errors laid over it (unchanged when there are none)."""
    overlay = state.overlay().encode("utf-8")
    if not overlay:
        return html
    at = html.rfind(b"</body>")
    at = len(html) if at < 0 else at
    return html[:at] + overlay + html[at:]


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, which also shows the content's errors on every page,
    and can have the browsers reload before a rebuild is done (to show a saved page)."""

    def __init__(self, state: PreviewState, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.state = state
        self.error_handler = self._nothing_built_yet
        self.saved = SavedFiles()
        self.observer = ChangeObserver(self.saved)  # told of a save at once, not polling

    def saves_waiting(self) -> bool:
        """Whether a file was saved since the rebuild began: it is out of date."""
        return self._want_rebuild

    def reload_now(self) -> None:
        """Have the browsers reload now, and serve the pages as they are while the rebuild
        goes on (MkDocs' server holds every request until a rebuild is done)."""
        with self._epoch_cond:
            self._visible_epoch = self._wanted_epoch = max(self._visible_epoch + 1,
                                                           self._wanted_epoch)
            self._epoch_cond.notify_all()

    def nothing_to_reload(self) -> None:
        """The rebuild stopped without changing anything: no reload when it returns."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch

    # MkDocs adds its reload script here, to every HTML page it serves.
    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        return super()._inject_js_into_html(with_overlay(content, self.state), epoch)

    def _nothing_built_yet(self, code: int) -> bytes | None:
        """A page that does not exist yet because no build has succeeded: show why, and
        reload when a build succeeds."""
        if code != 404 or not self.state.errors:
            return None
        return self._inject_js_into_html(_NOTHING_BUILT.encode(), self._visible_epoch)


class Rebuilder:
    """A build that prints problems instead of stopping; the last good site stays served,
    and `state` holds the errors for the pages' overlay. With a `session`, only what a save
    changed is built again; with a `server` too, the saved pages are shown first, and a
    build that a newer save makes out of date stops, for the next one to begin."""

    def __init__(self, config_path: Path, target: Path, clock: Callable[[], datetime],
                 report: TextIO, state: PreviewState | None = None,
                 session: PreviewSession | None = None) -> None:
        self.config_path, self.target, self.clock, self.report = (config_path, target, clock,
                                                                   report)
        self.state = state or PreviewState()
        self.session = session
        self.server: PreviewServer | None = None

    def __call__(self) -> None:
        finished = self._rebuild()
        # A build leaves tens of thousands of objects in reference cycles (MkDocs's pages,
        # their tables of contents); with the whole site in the collector's oldest generation
        # it seldom looks at them, and `serve` grew by 25 MiB a save. They are collected once
        # the site is served, unless a newer save waits: its page comes first, and the build
        # that follows it collects both.
        if finished and (self.server is None or not self.server.saves_waiting()):
            gc.collect()

    def _rebuild(self) -> bool:
        """Build; False when a newer save stopped the build."""
        server = self.server
        shown_first = False
        try:
            config: SiteConfig = load_config(self.config_path)
            if server is not None and self.session is not None:
                shown_first = self.session.show_first(server.saved.take())
                if shown_first:
                    server.reload_now()
            # The first build, before the server and its threads start, cannot be stopped by
            # a save: it may use both cores to read the content (parallel.py).
            with stoppable(server.saves_waiting) if server is not None else nullcontext():
                warnings = render_site(config, self.target, self.clock(), preview=True,
                                       session=self.session)
        except Superseded:
            if server is not None:
                server.nothing_to_reload()
            return False
        except ContentError as exc:
            if self.session is not None:
                self.session.undo_first()
            self._failed(exc.problems)
        else:
            self.state.errors, self.state.built = (), True
            _print(warnings, self.report)
            print(f"Preview updated at {self.clock():%H:%M:%S}.", file=self.report,
                  flush=True)
        if shown_first and server is not None:
            server.reload_now()  # the whole site, or the errors, after the saved page
        return True

    def _failed(self, problems: Sequence[Problem]) -> None:
        self.state.errors = tuple(p for p in problems if p.is_error)
        _print(problems, self.report)
        print("The preview still shows the last version that built. Fix the errors "
              "above and save again.", file=self.report, flush=True)


def make_rebuilder(config_path: Path, target: Path, clock: Callable[[], datetime],
                   report: TextIO, state: PreviewState | None = None,
                   session: PreviewSession | None = None) -> Rebuilder:
    return Rebuilder(config_path, target, clock, report, state, session)


def _print(problems: Sequence[Problem], report: TextIO) -> None:
    for problem in problems:
        print(problem, file=report)


def serve(config_path: Path, host: str, port: int, clock: Callable[[], datetime],
          report: TextIO, open_browser: bool = False) -> None:
    config = load_config(config_path)
    state = PreviewState()
    with tempfile.TemporaryDirectory(prefix="site-builder-preview-") as work:
        target = Path(work, "site")
        target.mkdir()
        session = PreviewSession(target, config.build_cache_dir, Path(work, "stage"))
        rebuild = make_rebuilder(config_path, target, clock, report, state, session)
        rebuild()
        server = PreviewServer(state, builder=rebuild, host=host, port=port, root=str(target))
        rebuild.server = server
        for watched in (config.content_dir, config.root / TEMPLATES_DIR, config.path):
            if watched.exists():
                server.watch(str(watched))
        print(f"Preview at {server.url} (press Ctrl+C to stop).", file=report, flush=True)
        try:
            server.serve(open_in_browser=open_browser)
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            session.close()
