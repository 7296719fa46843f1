"""The Markdown extensions of the site (mkdocs.yml's `markdown_extensions`), for every reader.

The site, the email and `check` read Markdown with the same extensions, so a heading gets the
same id and a footnote is a footnote everywhere. A few are always on, because the publishing
system relies on them: `{#id}` and `{ .class }` (attr_list), heading ids (toc) and footnotes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

ALWAYS_ON = ("attr_list", "toc", "footnotes")


def _name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry), "")


# The footnote's link back to the text, named in the page's language.
BACKLINK_TITLE = {"nl": "Terug naar voetnoot %d in de tekst",
                  "en": "Jump back to footnote %d in the text"}


def site_extensions(configured: Sequence[Any] | None, lang: str | None = None) -> list[Any]:
    """mkdocs.yml's list, plus the extensions that are always on and missing from it; for a
    language's build, the footnotes speak that language."""
    extensions = list(configured or ())
    names = {_name(entry) for entry in extensions}
    extensions += [name for name in ALWAYS_ON if name not in names]
    if lang in BACKLINK_TITLE:
        extensions = [_footnotes_in(entry, lang) if _name(entry) == "footnotes" else entry
                      for entry in extensions]
    return extensions


def _footnotes_in(entry: Any, lang: str) -> Any:
    options = {} if isinstance(entry, str) else dict(next(iter(entry.values())) or {})
    options.setdefault("BACKLINK_TITLE", BACKLINK_TITLE[lang])
    return {"footnotes": options}


def split_extensions(configured: Sequence[Any], left_out: frozenset[str] = frozenset()
                     ) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Names and options, as Python-Markdown takes them."""
    names: list[str] = []
    options: dict[str, dict[str, Any]] = {}
    for entry in configured or ():
        name, opts = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        if name in left_out:
            continue
        names.append(name)
        if opts:
            options[name] = dict(opts)
    return names, options
