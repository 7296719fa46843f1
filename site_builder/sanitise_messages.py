"""What the sanitiser took out of a writer's Markdown, told in plain words at its line.

A paste from Word can hold hundreds of `style` attributes and `<o:p>` tags: each kind of
thing gets one warning, at the first line where it stands, with how often it occurs. A pasted
`<iframe>` is an error at its own line, worded by video.py: a player should become a video
line, and the writer has to choose that (taken out in silence, the video would just be gone).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import sanitise
from .links import Reference
from .problems import Problems
from .video import iframe_problem


@dataclass(frozen=True)
class Finding:
    kind: str  # "element", "attribute", "markup", "broken", "unclosed" or "attr_list"
    name: str  # the element or attribute, or the markup as written
    line: int  # in the body, from 1
    element: str = ""  # the element an attribute stood on
    address: str = ""  # where a removed element would have loaded from (an iframe's src)


CONTENT_GONE = {
    "script": "scripts in content could run in readers' browsers and mail programs",
    "style": "the site and the newsletter have their own design; use Markdown (**bold**, "
             "## headings, lists) to give text weight",
    "object": "an embedded object loads another website or a program; link to it instead",
    "svg": "put a drawing in a picture file (.png, .jpg) and show it with ![description](file)",
}
LINK_ATTRIBUTES = {"href", "src", "cite"}


def _message(finding: Finding) -> str:
    name, kind = finding.name, finding.kind
    if kind == "element" and name in CONTENT_GONE:
        return f"removed <{name}> and what it held: {CONTENT_GONE[name]}."
    if kind == "element" and name in sanitise.CONTENT_REMOVED:
        return f"removed <{name}> and what it held: content may not hold it."
    if kind == "element":
        return (f"removed the HTML tag <{name}> (its text stays): the site and the newsletter "
                "do not use it. It often comes with text pasted from Word or a web page.")
    if kind == "attribute" and name.startswith("on"):
        return (f"removed the event handler `{name}` from <{finding.element}>: it could run "
                "a script in readers' browsers.")
    if kind == "attribute" and name == "style":
        return ("removed formatting (the style attribute), as pasted from Word or a web "
                "page: the site and the newsletter apply their own design.")
    if kind == "attribute" and name in LINK_ATTRIBUTES:
        return (f"removed an address (`{name}`) that is not allowed, like `javascript:` or "
                "`data:`: a link may lead to https://, http://, mailto: or tel:, or to a "
                "page of this site.")
    if kind == "attribute":
        return (f"removed the attribute `{name}` from <{finding.element}>: the site and the "
                "newsletter do not use it.")
    if kind == "markup":
        return (f"removed `{name.strip()}…`: markup pasted from Word or a web page, not "
                "content.")
    if kind == "unclosed":
        return (f"the HTML tag <{name}> is never closed (there is no </{name}>), so it is "
                "closed where its paragraph ends and does not take in what follows. Write "
                f"</{name}> where it should end.")
    if kind == "broken":
        return (f"removed the HTML tag <{name}> with a quote that is never closed: everything "
                "after it would have disappeared. Close the quote (\"), or leave the tag out.")
    return (f"the setting `{name}` between {{ }} is not allowed and is left out: between "
            "{ } you may set #id, .class and attributes like title, lang or width.")


def report(findings: list[Finding], shown: str, first_line: int, problems: Problems) -> None:
    """One warning per kind of thing removed, at its first line in the file."""
    grouped: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        if finding.kind == "element" and finding.name == "iframe":
            line = first_line + finding.line - 1
            problems.error(shown, line, str(iframe_problem(
                Reference(finding.address, "", finding.line, False, "iframe"))))
            continue
        key = (finding.kind, finding.name if finding.kind != "markup" else finding.name[:2])
        grouped.setdefault(key, []).append(finding)
    for same in grouped.values():
        first = min(same, key=lambda f: f.line)
        times = f" ({len(same)} times in this file; the first is here)" if len(same) > 1 else ""
        problems.warning(shown, first_line + first.line - 1, _message(first) + times)
