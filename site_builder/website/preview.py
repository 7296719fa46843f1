"""Live preview: rebuild when content/, templates/ or mkdocs.yml change; reload the browser."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TextIO

from mkdocs.livereload import LiveReloadServer

from ..config import SiteConfig, load_config
from ..problems import ContentError
from .build import TEMPLATES_DIR, render_site


def make_rebuilder(config_path: Path, target: Path, clock: Callable[[], datetime],
                   report: TextIO) -> Callable[[], None]:
    """A build that prints problems instead of stopping; the last good site stays served."""

    def rebuild() -> None:
        try:
            config: SiteConfig = load_config(config_path)
            for warning in render_site(config, target, clock(), preview=True):
                print(warning, file=report)
            print(f"Preview updated at {clock():%H:%M:%S}.", file=report, flush=True)
        except ContentError as exc:
            for problem in exc.problems:
                print(problem, file=report)
            print("The preview still shows the last version that built. Fix the errors "
                  "above and save again.", file=report, flush=True)

    return rebuild


def serve(config_path: Path, host: str, port: int, clock: Callable[[], datetime],
          report: TextIO, open_browser: bool = False) -> None:
    config = load_config(config_path)
    with tempfile.TemporaryDirectory(prefix="site-builder-preview-") as work:
        target = Path(work, "site")
        target.mkdir()
        rebuild = make_rebuilder(config_path, target, clock, report)
        rebuild()
        server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(target))
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
