"""Which kind of site a folder holds (Jekyll, Hugo or MkDocs), and where its parts are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..problems import ContentError, Problem, Problems
from .front_matter import read_config
from .model import Generator, SourceSite

MARKDOWN_SUFFIXES = (".md", ".markdown")
# Top folders that hold no pages: tools, downloaded packages, the generators' own output.
_NOT_CONTENT = {"node_modules", "vendor", "_site", "public", "site", "resources", "themes"}

_CONFIG_FILES: dict[Generator, tuple[str, ...]] = {
    Generator.JEKYLL: ("_config.yml", "_config.yaml", "_config.toml"),
    Generator.HUGO: ("hugo.toml", "hugo.yaml", "hugo.yml", "config/_default/hugo.toml",
                     "config/_default/config.toml", "config/_default/hugo.yaml",
                     "config/_default/config.yaml"),
    Generator.MKDOCS: ("mkdocs.yml", "mkdocs.yaml"),
}
# Hugo's older configuration names say "Hugo" only next to its content/ folder.
_HUGO_LEGACY = ("config.toml", "config.yaml", "config.yml")


def markdown_files(folder: Path) -> Iterator[Path]:
    """Every Markdown file below a folder, in a stable order, leaving out hidden folders and
    folders of tools and built output."""
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        folders = parts[:-1]
        if folders and (folders[0] in _NOT_CONTENT or "node_modules" in folders
                        or any(part.startswith(".") for part in folders)):
            continue
        if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
            yield path


def _config_file(folder: Path, generator: Generator) -> Path | None:
    names = _CONFIG_FILES[generator]
    if generator is Generator.HUGO and (folder / "content").is_dir():
        names = names + _HUGO_LEGACY
    return next((folder / n for n in names if (folder / n).is_file()), None)


def _sniffed(folder: Path) -> Generator | None:
    """Without a configuration file: a Jekyll posts folder, or Hugo's `+++` settings."""
    if (folder / "_posts").is_dir():
        return Generator.JEKYLL
    for path in markdown_files(folder):
        with path.open("rb") as handle:
            if handle.readline().strip() == b"+++":
                return Generator.HUGO
    return None


def _address(url: Any) -> tuple[str, frozenset[str]]:
    """The path and host names of the old site's own address (www. and without)."""
    if not isinstance(url, str) or not url.strip():
        return "", frozenset()
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    hosts = {host, host.removeprefix("www."), "www." + host.removeprefix("www.")} if host else set()
    return parts.path.rstrip("/"), frozenset(hosts)


def _site(generator: Generator, folder: Path, shown: str, config: dict[str, Any]) -> SourceSite:
    if generator is Generator.JEKYLL:
        base, hosts = _address(config.get("url"))
        base_path = str(config.get("baseurl") or base or "").rstrip("/")
        return SourceSite(generator, folder, folder, (folder,), base_path, hosts, config, shown)
    if generator is Generator.HUGO:
        base_path, hosts = _address(config.get("baseURL") or config.get("baseurl"))
        content = folder / str(config.get("contentDir") or "content")
        pages_root = content if content.is_dir() else folder
        roots = tuple(p for p in (folder / "static", folder / "assets", pages_root) if p.is_dir())
        return SourceSite(generator, folder, pages_root, roots, base_path, hosts, config, shown)
    base_path, hosts = _address(config.get("site_url"))
    docs = folder / str(config.get("docs_dir") or "docs")
    pages_root = docs if docs.is_dir() else folder
    return SourceSite(generator, folder, pages_root, (pages_root,), base_path, hosts, config,
                      shown)


def detect_site(folder: Path, shown: str, forced: Generator | None) -> SourceSite:
    """The old site in `folder`; a ContentError in plain words when it is not one."""
    if not folder.exists():
        raise ContentError([Problem(shown, None, "this folder does not exist. Name the folder "
                                    "of the old site, like `../oude-site`.")])
    if not folder.is_dir():
        raise ContentError([Problem(shown, None, "this is a file, not a folder. Name the folder "
                                    "that holds the old site (with its _config.yml, hugo.toml "
                                    "or mkdocs.yml).")])
    if next(markdown_files(folder), None) is None:
        raise ContentError([Problem(shown, None, "there are no Markdown files (.md) in this "
                                    "folder, so there is nothing to import. Name the folder of "
                                    "a Jekyll, Hugo or MkDocs site.")])
    found = {g: path for g in Generator if (path := _config_file(folder, g)) is not None}
    if forced is None and len(found) > 1:
        names = " and ".join(f"{path.relative_to(folder)} ({g.label})" for g, path in found.items())
        raise ContentError([Problem(shown, None, f"this folder has {names}, so it is not clear "
                                    "which site to import. Say which with --from "
                                    + " or --from ".join(g.value for g in found) + ".")])
    generator = forced or next(iter(found), None) or _sniffed(folder)
    if generator is None:
        raise ContentError([Problem(shown, None, "cannot tell which kind of site this is: there "
                                    "is no _config.yml (Jekyll), hugo.toml or config.toml (Hugo) "
                                    "or mkdocs.yml (MkDocs) in it. Name the main folder of the "
                                    "old site, or say what it is with --from jekyll, --from hugo "
                                    "or --from mkdocs.")])
    problems = Problems()
    config_path = found.get(generator) or _config_file(folder, generator)
    config = read_config(config_path, f"{shown}/{config_path.relative_to(folder).as_posix()}",
                         problems) if config_path else {}
    problems.raise_if_errors()
    return _site(generator, folder, shown, config)
