"""The import's report, for the people who will finish the job (not programmers): per old
file, where it went, what changed, and what a person still has to do, with the line."""

from __future__ import annotations

import textwrap
from collections import Counter

from ..schema import Kind
from .assets import is_picture
from .model import Note
from .plan import KIND_NAMES, ImportPlan, Status

_WIDTH = 100


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    """Lines of at most _WIDTH characters, never breaking a path or an address."""
    return textwrap.wrap(text, _WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def _bullet(note: Note) -> list[str]:
    return _wrap(f"line {note.line}: {note.text}" if note.line else note.text, "    - ",
                 "      ")


def _kinds(kinds: Counter[Kind]) -> str:
    return ", ".join(_plural(n, KIND_NAMES[k]) for k, n in kinds.items())


def render_report(plan: ImportPlan, *, dry_run: bool = False) -> str:
    site = plan.site
    lines = [f"Importing the {site.generator.label} site in {site.shown_root}/ into "
             f"{plan.label}/{plan.lang}/" + (" (a trial run: nothing is written)" if dry_run
                                            else "") + "."]
    to_do = 0
    for planned in plan.files:
        converted = planned.converted
        shown = f"{plan.label}/{converted.target.output}"
        kind = KIND_NAMES[converted.kind]
        lines += ["", converted.page.shown]
        if planned.status is Status.UNCHANGED:
            lines.append(f"  {shown} is already there, the same as this import would write it: "
                         "left as it is.")
            continue
        if planned.status is Status.EXISTS:
            to_do += 1
            lines += _wrap(f"Not imported: {shown} already exists and is different. Compare the "
                           "two and copy what you need by hand (nothing was overwritten).",
                           "  ", "  ")
            continue
        draft = ", written as a draft" if converted.target.draft else ""
        article = "an" if kind[0] in "aeiou" else "a"
        lines.append(f"  became {shown}: {article} {kind}{draft}.")
        changed = [n for n in converted.notes if not n.needs_you]
        needs = [n for n in converted.notes if n.needs_you]
        to_do += len(needs)
        if changed:
            lines.append("  What changed:")
            for note in changed:
                lines += _bullet(note)
        if needs:
            lines.append("  What you need to do:")
            for note in needs:
                lines += _bullet(note)
    if plan.skipped:
        lines += ["", "Not imported:"]
        for skipped in plan.skipped:
            lines += _wrap(f"{skipped.shown}: {skipped.reason}", "  ", "    ")
    new = plan.to_write
    kinds = Counter(c.kind for c in new)
    pictures = sum(1 for source in plan.copies if is_picture(source))
    downloads = len(plan.copies) - pictures
    there = sum(1 for f in plan.files if f.status is not Status.NEW)
    copied = " and ".join(part for part in (_plural(pictures, "picture") if pictures else "",
                                            _plural(downloads, "file") if downloads else "")
                          if part) or "no pictures"
    summary = (f"{'Would write' if dry_run else 'Wrote'} {_plural(len(new), 'new file')}"
               + (f" ({_kinds(kinds)})" if kinds else "")
               + f" and {'would copy' if dry_run else 'copied'} {copied}.")
    if there:
        verb = ("would be" if dry_run else "were") if there > 1 else (
            "would be" if dry_run else "was")
        summary += f" {_plural(there, 'file')} {verb} already there."
    if to_do:
        summary += (f" {_plural(to_do, 'thing')} need{'s' if to_do == 1 else ''} you: see "
                    "“What you need to do” above.")
    lines += ["", *_wrap(summary)]
    drafts = [c for c in new if c.target.draft]
    if drafts:
        lines += _wrap(f"The new {'file is a draft' if len(drafts) == 1 else 'files are drafts'}: "
                       "the preview (site-builder serve) shows "
                       f"{'it' if len(drafts) == 1 else 'them'}, the site does not, until you "
                       "remove `draft: true`.")
    homes = [c for c in new if not c.target.draft]
    if homes:
        lines += _wrap(f"The new home page {plan.label}/{homes[0].target.output} is not a draft "
                       "(a home page cannot be one), so the next build puts it on the site: "
                       "look it over first (site-builder serve).")
    top = [c for c in new if c.kind is Kind.PAGE and c.target.output.count("/") == 1
           and not c.target.output.endswith("/index.md")]
    if top:
        lines += _wrap(f"{_plural(len(top), 'new page')} at the top of {plan.label}/{plan.lang}/ "
                       f"will be in the site's menu once published; add `footer: true` to put "
                       f"{'it' if len(top) == 1 else 'one'} in the footer instead, or move "
                       f"{'it' if len(top) == 1 else 'one'} into a folder.")
    nested = [c for c in new if c.kind is Kind.PAGE and c.target.output.count("/") > 1]
    if nested:
        lines += _wrap(f"{_plural(len(nested), 'new page')} in a folder "
                       f"({', '.join(c.target.output.split('/', 1)[1] for c in nested)}) "
                       f"{'is' if len(nested) == 1 else 'are'} not in the menu: link to "
                       f"{'it' if len(nested) == 1 else 'them'} from another page.")
    return "\n".join(lines)
