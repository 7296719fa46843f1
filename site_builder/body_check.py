"""Everything `check` and the builds find in one piece of Markdown, at its lines.

Links and pictures (linking.py) and syntax from other tools (foreign_syntax.py): the same
findings for a page, a post, an event or a newsletter's intro. (Pasted HTML, a player's
`<iframe>` included, was held to the sanitising policy when the file was read: raw_html.py.)
"""

from __future__ import annotations

import posixpath

from .foreign_syntax import foreign_syntax
from .linking import Finding, LinkResolver, Origin, Target, once
from .problems import Problems


def check_markdown(links: LinkResolver, origin: Origin, body: str
                   ) -> tuple[list[Finding], dict[str, Target]]:
    """Every problem in `body`, and where each of its links leads (see LinkResolver.check)."""
    findings, targets = links.check(origin, body)

    def path_to(page: str) -> str | None:
        """Hugo names a page from the content folder, the language or the page itself."""
        page = page.lstrip("/")
        page = page if page.endswith(".md") else page.rstrip("/") + ".md"
        for candidate in (posixpath.join(origin.folder, page), f"{origin.lang}/{page}", page):
            item = links.content.item(posixpath.normpath(candidate))
            if item is not None:
                return posixpath.relpath(item.source, origin.folder or ".")
        return None

    findings.extend(foreign_syntax(body, path_to))
    return once(sorted(findings, key=lambda f: f.line)), targets


def report_findings(origin: Origin, findings: list[Finding], problems: Problems) -> None:
    """Each finding as a problem at its line of the file."""
    for finding in findings:
        add = problems.error if finding.is_error else problems.warning
        add(origin.shown, origin.first_line + finding.line - 1, finding.message)
