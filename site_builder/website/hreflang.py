"""Which pages are translations of each other, for search engines (hreflang).

A page and its translations name each other with their full addresses, plus `x-default`
(the page in the site's first language). Translations come from the content model for
items (`counterpart`, written on either side), from the language switch's data for the
generated pages (news, agenda, overviews: the same page in each language), and the home
pages are always each other's. A link is kept only when the other page names this one back,
so the alternates are symmetric by construction.

Where they are published: in each language's sitemap (`templates/overrides/sitemap.xml`),
not in the page's `<head>`: Material's JavaScript fetches `sitemap.xml` next to every
`<link rel="alternate">` of a page, which for a page address fails (404), and from a local
preview goes to the production host.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from urllib.parse import urljoin

from ..model import Item
from .links import page_url
from .paths import HOME_PAGE
from .staging import StagedLanguage

X_DEFAULT = "x-default"

PageKey = tuple[str, str]  # (language, staged path)


def page_address(staged: StagedLanguage, path: str, absolute: Callable[[str, str], str]) -> str:
    """The full address a staged page is published at."""
    return absolute(staged.lang, staged.urls.get(path) or page_url(path))


def _translation_groups(items: Iterable[Item]) -> dict[str, frozenset[str]]:
    """For each item's source, the sources of the items that translate it (itself included).

    Two items translate each other when one names the other as `counterpart` and neither
    names a third page. Groups with two items of one language are ambiguous and left out.
    """
    by_source = {item.source: item for item in items}
    parent = {source: source for source in by_source}

    def root(source: str) -> str:
        while parent[source] != source:
            parent[source] = parent[parent[source]]
            source = parent[source]
        return source

    for item in by_source.values():
        other = by_source.get(item.meta.counterpart or "")
        if other is None or other.lang == item.lang:
            continue
        if other.meta.counterpart in (None, item.source):
            parent[root(item.source)] = root(other.source)
    groups: dict[str, set[str]] = defaultdict(set)
    for source in by_source:
        groups[root(source)].add(source)
    result = {}
    for members in groups.values():
        languages = [by_source[source].lang for source in members]
        if len(members) > 1 and len(set(languages)) == len(languages):
            for source in members:
                result[source] = frozenset(members)
    return result


def _candidates(staged: dict[str, StagedLanguage], addresses: dict[PageKey, str],
                absolute: Callable[[str, str], str]) -> dict[PageKey, dict[str, str]]:
    """What each page claims as its translation in each language (itself included)."""
    where = {item.source: (lang, path) for lang, language in staged.items()
             for path, item in language.items.items()}
    groups = _translation_groups(item for language in staged.values()
                                 for item in language.items.values())
    claims: dict[PageKey, dict[str, str]] = {}
    for lang, language in staged.items():
        for path, page in language.pages.items():
            key, own = (lang, path), addresses[(lang, path)]
            item = language.items.get(path)
            if path == HOME_PAGE:
                claim = {other: absolute(other, "") for other in staged}
            elif item is not None:
                claim = {where[source][0]: addresses[where[source]]
                         for source in groups.get(item.source, ()) if source in where}
            elif page.meta.get("alternates") and (
                    absolute(lang, page.meta.get("alternates_from", "")) == own):
                # A generated page: the language switch leads to the same page in each
                # language (pages.py `alternates`); its links are relative to the page.
                claim = {other: urljoin(own, link)
                         for other, link in page.meta["alternates"].items()}
            else:
                claim = {}
            claims[key] = {**claim, lang: own}
    return claims


def alternates(staged: dict[str, StagedLanguage], languages: tuple[str, ...],
               absolute: Callable[[str, str], str]) -> dict[PageKey, list[dict[str, str]]]:
    """For each staged page, its hreflang alternates (itself included, then x-default) as
    `{"lang", "url"}` entries; an empty list for a page without translations."""
    addresses = {(lang, path): page_address(language, path, absolute)
                 for lang, language in staged.items() for path in language.pages}
    by_address = {address: key for key, address in addresses.items()}
    claims = _candidates(staged, addresses, absolute)
    result: dict[PageKey, list[dict[str, str]]] = {}
    for key, claim in claims.items():
        own = addresses[key]
        confirmed = {}
        for lang in languages:
            address = claim.get(lang)
            other = by_address.get(address or "")
            if other is not None and other[0] == lang and claims[other].get(key[0]) == own:
                confirmed[lang] = address
        if len(confirmed) < 2:
            result[key] = []
            continue
        entries = [{"lang": lang, "url": url} for lang, url in confirmed.items()]
        entries.append({"lang": X_DEFAULT, "url": next(iter(confirmed.values()))})
        result[key] = entries
    return result
