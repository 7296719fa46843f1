"""Reading a Markdown file's front matter, keeping the line of every key.

Dates stay text here: PyYAML would turn `2026-02-30` into a crash instead
of an error with a place, so the schema parses them instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt

from .memo import remembered
from .problems import Problems


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _TextDatesCLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same reader, in C (libyaml) where PyYAML has it: ten times faster."""


_TextDatesCLoader.yaml_implicit_resolvers = _TextDatesLoader.yaml_implicit_resolvers
_FAST_LOADER: type[yaml.SafeLoader] = _TextDatesCLoader


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML data and the 1-based line of every key, by dotted path."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, dotted: str, default: int | None = None) -> int | None:
        while dotted:
            if dotted in self.lines:
                return self.lines[dotted]
            dotted = dotted.rpartition(".")[0]
        return default


@dataclass(frozen=True)
class MarkdownSource:
    meta: YamlDocument
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    front_matter_line: int | None  # 1-based line of the opening `---`; None: there is none


def _key_lines(node: yaml.Node, prefix: str, first_line: int, out: dict[str, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}{key_node.value}"
            out[key] = first_line + key_node.start_mark.line
            _key_lines(value_node, key + ".", first_line, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = f"{prefix}{index}"
            out[key] = first_line + item.start_mark.line
            _key_lines(item, key + ".", first_line, out)


def _compose_and_load(text: str, loader: type[yaml.SafeLoader]) -> tuple[Any, yaml.Node | None]:
    reading = loader(text)
    try:
        node = reading.get_single_node()
        return (reading.construct_document(node) if node is not None else None), node
    finally:
        reading.dispose()


@remembered
def _read_yaml(text: str, first_line: int) -> YamlDocument:
    """The data and the line of every key; raises the YAML error of a text that is wrong."""
    try:
        data, node = _compose_and_load(text, _FAST_LOADER)
    except yaml.YAMLError:
        # Read again by the pure-Python reader, whose messages the problems quote.
        data, node = _compose_and_load(text, _TextDatesLoader)
    lines: dict[str, int] = {}
    if node is not None:
        _key_lines(node, "", first_line, lines)
    return YamlDocument(data if data is not None else {}, lines)


def parse_yaml(
    text: str, path: str, problems: Problems, first_line: int = 1
) -> YamlDocument | None:
    """Parse YAML, reporting a syntax error in plain words; None when it cannot be read."""
    try:
        return _read_yaml(text, first_line)
    except yaml.MarkedYAMLError as exc:
        # The context is where the broken construct starts (an unclosed [ or "): the line to fix.
        mark = exc.context_mark or exc.problem_mark
        line = first_line + mark.line if mark else first_line
        what = (exc.problem or "the text cannot be read").strip()
        problems.error(
            path,
            line,
            f"the settings block is not valid YAML ({what}). Check the indentation, "
            "that every line reads `key: value`, and put text containing `:` or `#` "
            'between quotes ("...").',
        )
        return None
    except yaml.YAMLError as exc:
        problems.error(path, first_line, f"the settings block is not valid YAML ({exc}).")
        return None


def read_text(path: Path, shown_as: str, problems: Problems) -> str | None:
    """Read a UTF-8 text file; a file in another encoding is an error with a fix."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(
            shown_as,
            line,
            "this file is not saved as UTF-8 text, so some characters (like é or ë) cannot "
            "be read. Open it in your editor and save it again with the encoding 'UTF-8'.",
        )
        return None
    return text.replace("\r\n", "\n")


def parse_markdown(text: str, path: str, problems: Problems, *,
                   settings_required: bool = True) -> MarkdownSource | None:
    """Split `---` front matter from the body and parse it. Without `settings_required`,
    a file without a settings block has no settings (a page written the MkDocs way)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        if not settings_required:
            return MarkdownSource(YamlDocument({}), text, body_line=1, front_matter_line=None)
        problems.error(
            path,
            1,
            "the file does not start with a settings block. Put a line `---` at the very top, "
            "then the settings (at least `title: ...`), then another line `---`.",
        )
        return None
    try:
        closing = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        problems.error(
            path,
            1,
            "the settings block that starts on line 1 is never closed. Add a line `---` "
            "after the last setting, before the text of the page.",
        )
        return None
    document = parse_yaml("\n".join(lines[1:closing]), path, problems, first_line=2)
    if document is None:
        return None
    if not isinstance(document.data, dict):
        problems.error(
            path, 2, "the settings block must be a list of `key: value` lines."
        )
        return None
    body = "\n".join(lines[closing + 1 :])
    return MarkdownSource(document, body, body_line=closing + 2, front_matter_line=1)


_BLOCKS = MarkdownIt("commonmark")
# An attribute list at the end of a heading, `# Title {#id .class}`: not part of the title.
_ATTRIBUTES = re.compile(r"\s*\{:?\s*(?:[#.][^}]*|[\w-]+=[^}]*)\}\s*$")


def _first_block(body: str) -> str:
    """The body up to the blank line after its first text: all a heading can take."""
    stripped = body.lstrip("\n")
    end = re.search(r"\n[ \t]*\n", stripped)
    return body[:len(body) - len(stripped) + end.start()] if end else body


def titled_by_heading(source: MarkdownSource) -> MarkdownSource:
    """MkDocs' convention: without a `title` setting, a `# Heading` that opens the text is
    the title. It moves into the settings (at its line, for messages) and leaves the body,
    so the page shows it once; the body keeps its line count, so lines stay right."""
    if "title" in source.meta.data:
        return source
    tokens = _BLOCKS.parse(_first_block(source.body))
    if len(tokens) < 2 or tokens[0].type != "heading_open" or tokens[0].tag != "h1":
        return source
    start, end = tokens[0].map or (0, 1)
    title = _ATTRIBUTES.sub("", "".join(
        child.content for child in tokens[1].children or ()
        if child.type in ("text", "code_inline", "image", "softbreak")
    )).strip()
    body = source.body.split("\n")
    body[start:end] = [""] * (end - start)
    meta = YamlDocument({**source.meta.data, "title": title},
                        {**source.meta.lines, "title": source.body_line + start})
    return replace(source, meta=meta, body="\n".join(body))
