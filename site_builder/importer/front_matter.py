"""The settings block of an old site's Markdown file: YAML between `---` (all three
generators) or TOML between `+++` (Hugo), with the line of every setting for messages."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..frontmatter import parse_yaml, read_text
from ..problems import Problems

_TOML_PLACE = re.compile(r"\(at line (\d+), column \d+\)")
_TOML_KEY = re.compile(r"^\s*(?:\[+\s*)?([\w.\"'-]+)")


@dataclass(frozen=True)
class SourceText:
    """A file split into its settings (None when it has no settings block) and its text."""

    meta: dict[str, Any] | None
    body: str
    body_line: int
    key_lines: dict[str, int] = field(default_factory=dict)


def _closing(lines: list[str], fence: str) -> int | None:
    closers = (fence, "...") if fence == "---" else (fence,)
    return next((i for i in range(1, len(lines)) if lines[i].strip() in closers), None)


def _toml(text: str, shown: str, problems: Problems, first_line: int
          ) -> tuple[dict[str, Any], dict[str, int]] | None:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's tomllib gives the place only in its message: "(at line 3, column 8)".
        found = _TOML_PLACE.search(str(exc))
        line = first_line - 1 + int(found.group(1)) if found else first_line
        what = _TOML_PLACE.sub("", str(exc)).strip()
        problems.error(shown, line, f"the settings are not valid TOML ({what}). Every line "
                       'reads `key = value`, with text between quotes: `title = "Open dag"`.')
        return None
    lines: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=first_line):
        key = _TOML_KEY.match(line)
        if key and ("=" in line or line.lstrip().startswith("[")):
            lines.setdefault(key.group(1).strip("\"'"), number)
    return data, lines


def read_source(path: Path, shown: str, problems: Problems) -> SourceText | None:
    """Read a Markdown file of the old site; None (with an error) when it cannot be read."""
    text = read_text(path, shown, problems)
    if text is None:
        return None
    lines = text.split("\n")
    fence = lines[0].strip() if lines else ""
    if fence not in ("---", "+++"):
        return SourceText(None, text, 1)
    closing = _closing(lines, fence)
    if closing is None:
        problems.error(shown, 1, f"the settings block that starts with `{fence}` on line 1 is "
                       f"never closed. Add a line `{fence}` after the last setting.")
        return None
    inside = "\n".join(lines[1:closing])
    body = "\n".join(lines[closing + 1:])
    if fence == "+++":
        parsed = _toml(inside, shown, problems, first_line=2)
        return None if parsed is None else SourceText(parsed[0], body, closing + 2, parsed[1])
    before = len(problems.errors)
    document = parse_yaml(inside, shown, problems, first_line=2)
    if document is None or len(problems.errors) > before:
        return None
    if not isinstance(document.data, dict):
        problems.error(shown, 2, "the settings block must be a list of `key: value` lines.")
        return None
    return SourceText(dict(document.data), body, closing + 2, dict(document.lines))


class _ForgivingLoader(yaml.SafeLoader):
    """Reads an old site's configuration without running anything: tags such as
    `!!python/name:` (MkDocs) or `!ENV` become None instead of errors or imports."""


_ForgivingLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(path: Path, shown: str, problems: Problems) -> dict[str, Any]:
    """An old site's configuration file (YAML or TOML), as plain data; {} when unreadable."""
    text = read_text(path, shown, problems)
    if text is None:
        return {}
    if path.suffix == ".toml":
        parsed = _toml(text, shown, problems, first_line=1)
        return parsed[0] if parsed else {}
    try:
        data = yaml.load(text, Loader=_ForgivingLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.error(shown, mark.line + 1 if mark else None,
                       "this settings file of the old site is not valid YAML "
                       f"({getattr(exc, 'problem', None) or exc}). Fix it, or remove it and "
                       "name the kind of site with --from.")
        return {}
    return data if isinstance(data, dict) else {}
