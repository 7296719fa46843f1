"""The gates a built site passes before it is published: links that resolve, no request
to another host, nothing in page content that runs. `site-builder check --built` runs them;
the browser tests add the rest."""

from __future__ import annotations

from pathlib import Path

from ..check import shown_path
from ..problems import Problem
from .active_content import active_content
from .built_site import read_built_site
from .linkcheck import broken_links
from .privacy import third_party_loads


def check_built_site(root: Path, site_url: str) -> list[Problem]:
    """Every broken link, anchor and asset, every load from another host, and everything in
    page content that could run (a script, a style, an event handler), in `root`."""
    shown = shown_path(root.resolve())
    if not (root / "index.html").is_file():
        return [Problem(shown, None, "there is no built site here (no index.html). Run "
                        "`site-builder build` first, or name the folder: --built DIR.")]
    site = read_built_site(root, site_url, shown)
    return broken_links(site) + third_party_loads(site) + active_content(site)
