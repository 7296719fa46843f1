"""Settings that do not fit the schema, in plain words, with the file's line.

`validate_meta` checks a settings block against a schema from `schema.py`:
unknown settings first (a likely typo is an error, anything else a warning
that says why it is ignored), then every wrong value, each with an example in
the language of the file.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from pydantic import ValidationError

from .frontmatter import YamlDocument
from .problems import Problems, did_you_mean, likely_meant
from .schema import SCHEMAS, Kind, _Schema

# Examples in messages, in the language of the file they are about.
EXAMPLES: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Schuldhulp in de wijk",
        "alt": "Twee mensen in gesprek aan een keukentafel",
        "counterpart": "en/services/peer-support.md",
        "image": "../images/keukentafel.png",
    },
    "en": {
        "title": "Debt support in the neighbourhood",
        "alt": "Two people talking at a kitchen table",
        "counterpart": "nl/diensten/ervaringsdeskundige-ondersteuning.md",
        "image": "../images/keukentafel.png",
    },
}
_SETTING_EXAMPLES = {
    "contact": "contact: anouk-de-vries",
    "date": "date: 2026-03-14",
    "date.created": "created: 2026-03-14",
    "authors": "authors: [anouk-de-vries]",
    "start": "start: 2026-12-03 13:30",
    "end": "end: 2026-12-03 16:30",
    "name": "name: Anouk de Vries",
}
# What goes below a setting that has settings of its own.
_NESTED_EXAMPLES = {"image": "`src:` and `alt:`", "search": "`exclude: true`",
                    "date": "`created:` and `updated:`"}
# Material for MkDocs settings this site has no use for, and why.
_MATERIAL_UNUSED = {
    "comments": "comments need a comment service from another host, which this site does "
                "not load",
    "social": "this site makes no social cards; the page's picture (`image`) is what a "
              "shared link shows",
}
_KIND_NAMES = {Kind.PAGE: "pages", Kind.SERVICE: "services", Kind.EXPERTISE: "expertise pages",
               Kind.POST: "blog posts", Kind.EVENT: "events"}


def example(key: str, lang: str | None) -> str:
    """An example value for `key`, in the file's language (Dutch when unknown)."""
    return EXAMPLES.get(lang or "nl", EXAMPLES["nl"])[key]


def _missing(key: str, lang: str | None) -> str:
    if key == "title":
        title = example("title", lang)
        return (f"`title` is missing. Add a line like `title: {title}` to the settings, or "
                f"start the text with the title as a heading, like `# {title}`.")
    return f"`{key}` is missing. Add a line like `{_SETTING_EXAMPLES.get(key, key + ': ...')}`."


def _choices(error: dict[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))


def _friendly(error: dict[str, Any], key: str, lang: str | None = None) -> str:
    kind = error["type"]
    found = error.get("input")
    shown = f"`{key}`" if key else "this block"
    if kind == "missing":
        return _missing(key, lang)
    if kind in ("value_error", "assertion_error"):
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return message if not key else f"{shown}: {message}"
    if kind in ("enum", "literal_error"):
        expected = error.get("ctx", {}).get("expected", "")
        hint = did_you_mean(str(found), _choices(error))
        return f"{shown} must be one of {expected}; found '{found}'.{hint}"
    if kind == "too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"{shown} may have at most {limit}; there are {len(found or ())}."
    if kind in ("bool_type", "bool_parsing"):
        return f"{shown} must be `true` or `false`; found '{found}'."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{shown} must be a whole number, like 10; found '{found}'."
    if kind in ("float_type", "float_parsing"):
        return f"{shown} must be a number, like 2; found '{found}'."
    if kind in ("greater_than", "greater_than_equal"):
        limit = error.get("ctx", {}).get("gt", error.get("ctx", {}).get("ge"))
        more = "more than" if kind == "greater_than" else "at least"
        return f"{shown} must be {more} {limit}; found '{found}'."
    if kind in ("string_type",):
        return f"{shown} must be text; found {found!r}. Put the text between quotes if needed."
    if kind in ("list_type", "tuple_type"):
        return f"{shown} must be a list, like `[first, second]`; found {found!r}."
    if kind in ("too_short",):
        return f"{shown} must name at least one; the list is empty."
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        below = _NESTED_EXAMPLES.get(key.rsplit(".", 1)[-1], "`name: value` lines")
        return f"{shown} must have settings indented below it (like {below}); found {found!r}."
    if kind == "value_error" or "email" in kind:
        return f"{shown}: {error['msg']}"
    return f"{shown}: {error['msg'].lower()}; found {found!r}."


def _nested_schema(annotation: Any) -> type[_Schema] | None:
    """The settings model of a field that has settings below it (also inside Optional)."""
    if isinstance(annotation, type) and issubclass(annotation, _Schema):
        return annotation
    for argument in get_args(annotation):
        inner = _nested_schema(argument)
        if inner is not None:
            return inner
    return None


def setting_names(schema: type[_Schema]) -> dict[str, Any]:
    """Each setting's name as written in a file, with its type."""
    return {field.alias or name: field.annotation for name, field in schema.model_fields.items()}


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _other_kinds_with(key: str, schema: type[_Schema]) -> list[str]:
    return [_KIND_NAMES[kind] for kind, other in SCHEMAS.items()
            if other is not schema and key in setting_names(other)]


def _check_keys(schema: type[_Schema], data: dict[Any, Any], prefix: str,
                document: YamlDocument, path: str, problems: Problems) -> set[str]:
    """Unknown settings: a likely typo is an error (the meant setting would be lost), a
    setting of another kind or one of Material's that we do not use is explained, and
    anything else is a warning. Returns the settings the typos meant."""
    known = setting_names(schema)
    meant_keys: set[str] = set()
    for key in data:
        name, dotted = str(key), f"{prefix}{key}"
        line = document.line_of(dotted)
        if name in known:
            nested = _nested_schema(known[name])
            if nested is not None and isinstance(data[key], dict):
                meant_keys |= _check_keys(nested, data[key], dotted + ".", document, path,
                                          problems)
            continue
        shown = f"`{dotted}`"
        content_page = schema in SCHEMAS.values() and not prefix
        elsewhere = _other_kinds_with(name, schema) if content_page else []
        material = content_page and name in _MATERIAL_UNUSED
        meant = None if elsewhere or material else likely_meant(name, known)
        if meant:
            meant_keys.add(f"{prefix}{meant}")
            problems.error(path, line, f"unknown setting {shown}. Did you mean `{meant}`?")
        elif elsewhere:
            this_kind = next(_KIND_NAMES[kind] for kind, other in SCHEMAS.items()
                             if other is schema)
            problems.warning(path, line, f"{shown} is a setting of {_listed(elsewhere)}, not "
                             f"of {this_kind}, so it is ignored here.")
        elif material:
            problems.warning(path, line, f"{shown} is ignored: {_MATERIAL_UNUSED[name]}.")
        else:
            problems.warning(path, line, f"unknown setting {shown} is ignored. Known settings"
                             f"{' here' if prefix else ''}: " + ", ".join(sorted(known)) + ".")
    return meant_keys


def _as_written(data: Any, loc: tuple[int | str, ...]) -> str:
    """An error's place as the file has it: `date`, not `date.created`, when the file says
    `date: 2026-13-01` (the schema reads one date as `created`)."""
    parts: list[str] = []
    for part in loc:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            break
        parts.append(str(part))
    return ".".join(parts)


def validate_meta(
    schema: type[_Schema], document: YamlDocument, path: str, problems: Problems,
    lang: str | None = None,
) -> Any | None:
    """Validate front matter against a schema: unknown keys, then every value error.
    `lang` is the file's language, for the examples in messages."""
    meant = _check_keys(schema, document.data, "", document, path, problems)
    try:
        return schema.model_validate(document.data)
    except ValidationError as exc:
        for error in exc.errors():
            dotted = _as_written(document.data, error["loc"])
            if error["type"] == "missing" and ".".join(map(str, error["loc"])) in meant:
                continue  # "did you mean `title`?" already says it: one mistake, one message
            line = document.line_of(dotted, default=1)
            problems.error(path, line, _friendly(dict(error), dotted, lang))
        return None
