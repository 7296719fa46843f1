"""Syntax from other tools (`--8<--` snippets, Hugo shortcodes, Jekyll Liquid tags) is a
`path:line:` warning naming it, never silent text and never a failure later."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Result
from .test_source_links import append

SERVICE = "content/nl/diensten/advies-aan-gemeenten.md"


@pytest.mark.parametrize("line, named", [
    ('--8<-- "includes/disclaimer.md"', "`--8<--` includes another file (pymdownx.snippets)"),
    ('{{< figure src="kaart.png" >}}', '`{{< figure src="kaart.png" >}}` is a Hugo shortcode'),
    ("{{% notice info %}}", "`{{% notice info %}}` is a Hugo shortcode"),
    ("{{< youtube dQw4w9WgXcQ >}}", "Put the video's address on a line of its own instead."),
    ("{% include cta.html %}", "`{% include cta.html %}` is a Jekyll (Liquid) tag"),
    ("Welkom op {{ site.title }}.", "`{{ site.title }}` is a Jekyll (Liquid) value"),
    ('Zie {{< relref "schulden-en-geldzaken.md" >}}.',
     "is Hugo's `relref` shortcode, which only Hugo understands, so it would show as plain "
     "text. Write `schulden-en-geldzaken.md` instead."),
], ids=["snippet", "shortcode", "shortcode-percent", "hugo-youtube", "liquid-tag",
        "liquid-value", "relref-as-text"])
def test_unknown_syntax_is_a_warning_at_its_line(
        project: Path, run: Callable[..., Result], line: str, named: str) -> None:
    number = append(project, SERVICE, line)
    result = run(project, "check")
    assert result.code == 0, result.err
    rows = [row for row in result.err.splitlines() if row.startswith(f"{SERVICE}:{number}: ")]
    assert len(rows) == 1 and ": warning: " in rows[0] and named in rows[0], result.err


def test_the_site_builds_with_unknown_syntax_shown_as_text(
        project: Path, run: Callable[..., Result]) -> None:
    append(project, SERVICE, '--8<-- "includes/disclaimer.md"\n\n'
           '{{< figure src="kaart.png" >}}\n\n{% include cta.html %}')
    built = run(project, "build")
    assert built.code == 0, built.err
    assert built.err.count(": warning: ") == 3
    page = (project / "site/diensten/advies-aan-gemeenten/index.html").read_text("utf-8")
    assert "{% include cta.html %}" in page


def test_a_hugo_relref_in_a_link_is_an_error_with_the_path_to_type(
        project: Path, run: Callable[..., Result]) -> None:
    # MkDocs refused this build with "Doc file ... contains a link '{{< relref ...'".
    number = append(project, SERVICE, 'Zie [schulden]({{< relref "schulden-en-geldzaken.md" >}}).')
    for command in ("check", "build"):
        result = run(project, command)
        assert result.code == 1
        assert (f'{SERVICE}:{number}: error: `{{{{< relref "schulden-en-geldzaken.md" >}}}}` is '
                "Hugo's `relref` shortcode, which only Hugo understands, so the link would be "
                "broken. Write `schulden-en-geldzaken.md` instead.") in result.err.splitlines()
        assert "Doc file" not in result.err


def test_syntax_shown_as_code_is_left_alone(project: Path, run: Callable[..., Result]) -> None:
    append(project, SERVICE, "Schrijf `{{< relref \"x.md\" >}}` niet zo.\n\n"
           "```\n{% include cta.html %}\n--8<-- \"a.md\"\n```")
    result = run(project, "check")
    assert result.code == 0
    assert "warning" not in result.err


def test_a_newsletter_intro_gets_the_same_warning(project: Path,
                                                  run: Callable[..., Result]) -> None:
    path = project / "newsletters/2026-12-proef.md"
    path.write_text("---\nsubject: Proef\naudience: external\nlang: nl\ndate: 2026-11-22\n"
                    "preheader: Een proef\n---\n\nHallo {{ subscriber.name }}.\n", "utf-8")
    for command in (("check",), ("newsletter", "check", "newsletters/2026-12-proef.md")):
        result = run(project, *command)
        assert result.code == 0, result.err
        assert ("newsletters/2026-12-proef.md:9: warning: `{{ subscriber.name }}` is a Jekyll "
                "(Liquid) value") in result.err
