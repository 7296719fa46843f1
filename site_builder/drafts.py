"""Drafts, and what `new` and `import` write: nothing half-written reaches the site.

Every kind of content can be a draft (`draft: true`): the preview shows it,
marked, and nothing public does. `new` writes drafts with example text, and `import` writes
notes above the settings a person must check (a placeholder author, a guessed time); once a
file is no longer a draft, that example text, those notes, the placeholder description of a
picture and an empty description are errors.
"""

from __future__ import annotations

from .model import Content, Item
from .problems import Problems
from .schema import AMSTERDAM

# The text `new` writes below the settings; the same words found in a published file mean
# the writer has not written it yet.
PLACEHOLDER_TEXT = {
    "nl": "Schrijf hier de tekst. Een regel die begint met `## ` wordt een tussenkop.",
    "en": "Write the text here. A line that starts with `## ` becomes a heading.",
}


# What `import` writes before a note a person must act on, in the file's language.
TO_CHECK = {"nl": "Nakijken", "en": "To check"}
# What `import` writes as a picture's description until a person describes it.
PLACEHOLDER_ALT = {
    "nl": "Beschrijf wat er op de afbeelding te zien is",
    "en": "Describe what the picture shows",
}


def notes_to_check(text: str, body_line: int) -> tuple[tuple[int, str], ...]:
    """The `import` notes still in a file's settings: (line, the note without its `#`)."""
    found = []
    for number, line in enumerate(text.split("\n")[:max(body_line - 1, 0)], 1):
        comment = line.strip()
        if comment.startswith("#"):
            note = comment[1:].strip()
            if note.startswith(tuple(f"{marker}:" for marker in TO_CHECK.values())):
                found.append((number, note))
    return tuple(found)


def check_unfinished(item: Item, shown: str, problems: Problems) -> None:
    """A file that is no longer a draft must not still hold what `new` or `import` wrote
    for a person to replace."""
    if item.is_draft:
        return
    for offset, line in enumerate(item.body.split("\n")):
        if any(text in line for text in PLACEHOLDER_TEXT.values()):
            problems.error(shown, item.body_line + offset, "this is still the example text "
                           "that `site-builder new` wrote. Write the page's own text here, or "
                           "put back `draft: true` until it is ready.")
    for line, note in item.to_check:
        problems.error(shown, line, f"the import left a note here for a person to check: "
                       f"\"{note}\" Do what it says, then delete that line; or put back "
                       "`draft: true` until it is done.")
    image = item.meta.image
    if image is not None and image.alt.strip() in PLACEHOLDER_ALT.values():
        problems.error(shown, item.line_of("image.alt"), "the picture's description is still "
                       "the example the import wrote. Describe what the picture shows after "
                       "`alt:`, or put back `draft: true` until it is done.")
    description = item.meta.description
    if description is not None and not description.strip():
        problems.error(shown, item.line_of("description"), "`description` is empty. Write one "
                       "or two sentences about this page (they appear in overviews, search "
                       "results and the newsletter), or put back `draft: true` until it is "
                       "ready.")


def check_home_pages(content: Content, label: str, problems: Problems) -> None:
    """Each language needs its home page on the site: it cannot be a draft."""
    for lang in content.languages:
        home = content.item(f"{lang}/index.md")
        if home is not None and home.is_draft:
            problems.error(f"{label}/{home.source}", home.line_of("draft"), "the home page "
                           "cannot be a draft: every page of the site links to it. Remove "
                           "`draft: true`.")


def unpublished_link(link: str, target_shown: str, target: Item) -> str:
    """The message for a published page that links to one that is not on the site yet."""
    if target.is_draft:
        why = "a draft (`draft: true`), so it is not on the site"
    else:
        when = f"{target.sort_date.astimezone(AMSTERDAM):%Y-%m-%d %H:%M}" \
            if target.sort_date else "a later date"
        why = f"scheduled: it appears on the site on {when}"
    return (f"the link '{link}' leads to {target_shown}, which is {why}; the link would be "
            "broken. Remove the link, or publish that page first.")
