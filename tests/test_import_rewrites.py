"""What `site-builder import` makes of the text of an old page: one table row per construct of
Jekyll's Liquid, Hugo's shortcodes and Markdown links, from the old text to ours."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO, Result, write

PICTURE = bytes.fromhex(  # a 1x1 PNG
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c"
    "63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project (our mkdocs.yml and pictures, one person, two home pages): the rows are about
    the text of one imported post, so they need no more content to check it against."""
    folder = tmp_path / "project"
    write(folder / "mkdocs.yml", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    write(folder / "content/people.yml", "anouk-de-vries:\n  name: Anouk de Vries\n")
    for lang in ("nl", "en"):
        write(folder / f"content/{lang}/index.md", "---\ntitle: Home\n---\n\nWelkom.\n")
    shutil.copytree(REPO / "content/nl/images", folder / "content/nl/images")  # default_image
    return folder


def jekyll_post(tmp_path: Path, body: str) -> Path:
    site = tmp_path / "oud"
    write(site / "_config.yml", "title: Oude site\nurl: https://oud.example\n")
    write(site / "_posts/2024-02-01-bericht.md", "---\ntitle: Een bericht\n---\n\n" + body)
    write(site / "over.md", "---\ntitle: Over ons\n---\n\n## Wie we zijn\n\nTekst.\n")
    (site / "plaatjes").mkdir()
    (site / "plaatjes/plein.png").write_bytes(PICTURE)
    (tmp_path / "geheim.png").write_bytes(PICTURE)  # outside the old site's folder
    return site


def hugo_post(tmp_path: Path, body: str) -> Path:
    site = tmp_path / "oud"
    write(site / "hugo.toml", 'baseURL = "https://oud.example/"\ndefaultContentLanguage = "nl"\n')
    write(site / "content/posts/bericht.md",
          '+++\ntitle = "Een bericht"\ndate = 2024-02-01\n+++\n\n' + body)
    write(site / "content/over.md", "---\ntitle: Over ons\n---\n\n## Wie we zijn\n\nTekst.\n")
    (site / "static/plaatjes").mkdir(parents=True)
    (site / "static/plaatjes/plein.png").write_bytes(PICTURE)
    return site


def imported_body(project: Path, run: Callable[..., Result], site: Path) -> tuple[str, str]:
    result = run(project, "import", str(site))
    assert result.code == 0, result.err
    assert run(project, "check").code == 0
    text = (project / "content/nl/blog/posts/bericht.md").read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1].strip(), " ".join(result.out.split())


@pytest.mark.parametrize(("old", "new"), [
    ("{% highlight python %}\nprint('hallo')\n{% endhighlight %}",
     "```python\nprint('hallo')\n```"),
    ("{% raw %}{{ blijft staan }}{% endraw %}", "{{ blijft staan }}"),
    ("Voor{% comment %}weg ermee{% endcomment %}na.", "Voorna."),
    ("[Over ons]({% link over.md %})", "[Over ons](../../over.md)"),
    ("[Over ons]({{ site.baseurl }}/over/#wie-we-zijn)", "[Over ons](../../over.md#wie-we-zijn)"),
    ("[Over ons](https://oud.example/over/)", "[Over ons](../../over.md)"),
    ("[Elders](https://elders.example/pagina/)", "[Elders](https://elders.example/pagina/)"),
    ("![Het plein]({{ '/plaatjes/plein.png' | relative_url }})",
     "![Het plein](../../../shared/images/plein.png)"),
    ('<img src="/plaatjes/plein.png" alt="Het plein">',
     '<img src="../../../shared/images/plein.png" alt="Het plein">'),
    ("[Over ons][over]\n\n[over]: /over/", "[Over ons][over]\n\n[over]: ../../over.md"),
    ("Lees [verder][weg].\n\n[weg]: /bestaat-niet/", "Lees verder."),
    ("![Logo](https://cdn.elders.example/logo.png)", ""),
    ("![Geheim](../../geheim.png)", ""),
    ("* inhoud\n{:toc}\n\nTekst.", "Tekst."),
    ("Een<!--more-->rest", "Een<!-- more -->rest"),
])
def test_jekyll_text_becomes_ours(project: Path, run: Callable[..., Result], tmp_path: Path,
                                  old: str, new: str) -> None:
    body, _ = imported_body(project, run, jekyll_post(tmp_path, old + "\n"))
    assert body == new


@pytest.mark.parametrize(("old", "new"), [
    ('{{</* figure src="x.png" */>}}', '{{< figure src="x.png" >}}'),
    ("{{< highlight go >}}\nfmt.Println()\n{{< /highlight >}}", "```go\nfmt.Println()\n```"),
    ('{{< details summary="Meer weten" >}}\nVerborgen tekst.\n{{< /details >}}',
     '??? note "Meer weten"\n    Verborgen tekst.'),
    ('{{% notice warning %}}\nLet op de datum.\n{{% /notice %}}',
     "!!! warning\n    Let op de datum."),
    ('{{< alert type="danger" title="Gesloten" >}}\nVandaag dicht.\n{{< /alert >}}',
     '!!! danger "Gesloten"\n    Vandaag dicht.'),
    ('{{< figure src="/plaatjes/plein.png" caption="Het plein op zaterdag" >}}',
     "![Het plein op zaterdag](../../../shared/images/plein.png)"),
    ("{{< vimeo 12345 >}}", "<https://vimeo.com/12345>"),
    ('{{< instagram BWNjjyYFxVx >}}',
     "[Bekijk dit op Instagram](https://www.instagram.com/p/BWNjjyYFxVx/)"),
    ("[Over ons]({{< relref \"over\" >}})", "[Over ons](../../over.md)"),
    ("[Wie]({{< ref \"over.md#wie-we-zijn\" >}})", "[Wie](../../over.md#wie-we-zijn)"),
    ("[Weg]({{< ref \"bestaat-niet.md\" >}})", "Weg"),
    ("Voor {{< knop >}}na.", "Voor na."),
    ('Zie {{< ref "over.md" >}} voor meer.', "Zie  voor meer."),
    ("[Terug](#bestaat-niet)", "Terug"),
])
def test_hugo_text_becomes_ours(project: Path, run: Callable[..., Result], tmp_path: Path,
                                old: str, new: str) -> None:
    body, _ = imported_body(project, run, hugo_post(tmp_path, old + "\n"))
    assert body == new


def test_a_page_the_old_site_did_not_show_comes_in_only_as_a_draft(
        project: Path, run: Callable[..., Result], tmp_path: Path) -> None:
    site = jekyll_post(tmp_path, "Tekst.\n")
    write(site / "geheim-plan.md", "---\ntitle: Geheim plan\npublished: false\n---\n\nNog niet.\n")
    write(site / "oud-nieuws.md", "---\ntitle: Oud\nexpiryDate: 2020-01-01\n---\n\nVerlopen.\n")
    _, report = imported_body(project, run, site)
    for name in ("geheim-plan", "oud-nieuws"):
        page = project / f"content/nl/{name}.md"
        assert "\ndraft: true\n" in page.read_text(encoding="utf-8")
    assert "It was a draft on the old site too: the old site did not show it." in report
    assert "On the old site it disappeared by itself on 2020-01-01, so it was no longer " \
           "shown. Keep it a draft, or delete it, unless it should come back." in report


@pytest.mark.parametrize(("old", "reported"), [
    ("![Logo](https://cdn.elders.example/logo.png)",
     "comes from another website and is left out: this site loads nothing from other websites"),
    ("![Geheim](../../geheim.png)", "was not found in the old site's folder"),
    ("{% if page.kaart %}Kaart{% endif %}",
     "template code `{% if page.kaart %}`, `{% endif %}` is taken out"),
    ("{% include nieuwsbrief.html %}", "put a piece of the old site's design here"),
    ("Lees [verder][weg].\n\n[weg]: /bestaat-niet/",
     "The link “weg” led to `/bestaat-niet/` on the old site, which is not among the imported "
     "pages; it is now plain text."),
])
def test_what_the_import_takes_out_is_reported(
        project: Path, run: Callable[..., Result], tmp_path: Path, old: str,
        reported: str) -> None:
    _, report = imported_body(project, run, jekyll_post(tmp_path, old + "\n"))
    assert reported in report
