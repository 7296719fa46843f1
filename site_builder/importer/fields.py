"""An old page's settings turned into ours, one converter per setting, each saying in plain
words what it changed and what a person must still do."""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import quote, urlsplit

from slugify import slugify

from ..schema import AMSTERDAM, Kind
from .addresses import written_addresses
from .assets import PICTURE_FOLDER
from .authors import match_person, suggestion, written_authors
from .context import ImportContext
from .dates import When, parse_when
from .event_fields import EventSettings
from .file_comments import file_comment
from .kinds import EXPIRY_KEYS, hidden_on_old_site
from .mkdocs_site import created_date
from .model import Generator, SourcePage
from .settings import Settings, SettingsReader, one_line

# Where themes keep a page's picture, most common first; a dotted key is nested.
IMAGE_KEYS = ("image", "cover", "cover.image", "featured_image", "featuredImage",
              "feature_image", "header.image", "header.overlay_image", "header.teaser",
              "thumbnail", "thumb", "teaser", "banner", "hero", "images", "cover_image",
              "og_image", "social_image", "img")
ALT_KEYS = ("image_alt", "imageAlt", "alt", "image.alt", "cover.alt", "featured_image_alt",
            "header.image_alt", "header.image_description", "image_description", "cover.caption",
            "image.caption")
_PATH_KEYS = ("src", "path", "url", "file", "image", "feature", "filename")
# Our own settings, kept as they are when an MkDocs site had them (Material's page settings).
MKDOCS_KEPT = ("hide", "icon", "status", "search", "template", "readtime", "pin", "links", "order",
               "footer")
# Settings that mean something to a person but nothing here: each gets its own note.
_TRANSLATION_KEYS = ("translationKey", "translations", "lang", "language", "ref")
_ADDRESS_KEYS = ("permalink", "url", "aliases", "redirect_from")
_DRAFT_KEYS = ("draft", "published")


def _words(value: Any, split_spaces: bool) -> list[str]:
    if isinstance(value, str):
        return value.split() if split_spaces else [w.strip() for w in value.split(",")]
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return []


def _distinct(words: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.casefold(), word)
    return list(seen.values())


class FieldConverter(SettingsReader):
    """Our settings for one old page, each converter noting what it did."""

    def __init__(self, context: ImportContext, page: SourcePage, kind: Kind, title: str) -> None:
        super().__init__(context, page, kind)
        self.title = title

    # -- the settings --------------------------------------------------------
    def convert(self) -> Settings:
        self.used.update(("title",))
        self.out.values["title"] = self.title
        self._description()
        self._tags()
        if self.kind is Kind.POST:
            self._post()
        if self.kind is Kind.EVENT:
            EventSettings(self).convert()
        self._order_and_kept()
        self._image()
        if self.draft:
            self.out.values["draft"] = True
            self.out.comments["draft"] = file_comment("draft", self.context.lang)
        else:
            self.needs_you("It is the home page of this language, which cannot be a draft, so "
                           "the next build puts it on the site: look it over first "
                           "(site-builder serve).")
        self._old_site_only()
        return self.out

    def _description(self) -> None:
        key, value = self.take("description", "summary", "excerpt")
        if value is not None:
            self.out.values["description"] = one_line(value)
            if key != "description":
                self.changed(f"Its `{key}` is now its `description` (the short text in "
                              "overviews, search results and the newsletter).")

    def _tags(self) -> None:
        jekyll = self.context.site.generator is Generator.JEKYLL
        _, tags = self.take("tags")
        words = _words(tags, jekyll)
        if isinstance(tags, str) and words:
            self.changed(f"The tags “{tags}” are now a list: {', '.join(words)}.")
        if self.kind is not Kind.POST:
            categories = self._categories()
            if categories:
                words += categories
                self.changed("Its categories (" + ", ".join(categories) + ") are added to its "
                              "topics (`tags`): here only news posts have categories.")
        if words:
            self.out.values["tags"] = _distinct(words)

    def _categories(self) -> list[str]:
        jekyll = self.context.site.generator is Generator.JEKYLL
        _, value = self.take("categories")
        _, single = self.take("category")
        words = _distinct(_words(value, jekyll) + _words(single, jekyll))
        if isinstance(value, str) and words:
            self.changed(f"The categories “{value}” are now a list: {', '.join(words)}.")
        return words

    # -- posts -------------------------------------------------------------
    def _post(self) -> None:
        self._post_date()
        self._authors()
        categories = self._categories()
        if categories:
            self.out.values["categories"] = categories
        old_slug = slugify(self.page.slug)
        explicit_slug = self.context.site.generator is not Generator.MKDOCS or "slug" in self.meta
        self.used.add("slug")
        if explicit_slug and old_slug and old_slug != slugify(self.title):
            self.out.values["slug"] = old_slug
            self.changed(f"It keeps the last part of its old web address (`slug: {old_slug}`).")

    def _post_date(self) -> None:
        zone = self.context.zone
        if self.context.site.generator is Generator.MKDOCS:
            self.used.add("date")
            written = created_date(self.meta)
            key = "date"
        else:
            key, written = self.take("date", "publishDate", "pubDate", "lastmod")
        when = parse_when(written, zone)
        if when is None and self.page.name_date:
            when = parse_when(self.page.name_date)
            if written is None and when:
                self.changed(f"Its date {when.written} comes from its file name.")
        if when is None:
            moment = self.context.now.astimezone(AMSTERDAM)
            self.out.values["date"] = f"{moment:%Y-%m-%d %H:%M}"
            what = f"its date “{written}” could not be read" if written else "it had no date"
            self.needs_you(f"On the old site {what}; it now has today's date. Write the "
                            "date it was published after `date:`.", "date",
                            file_comment("no_date", self.context.lang))
            return
        self.out.values["date"] = when.written
        if key not in ("date", "") or (when.had_zone and str(written) != when.written):
            self.changed(f"Its date “{written}” is written as {when.written} (Dutch time).")
        self._updated_date(when)

    def _updated_date(self, created: When) -> None:
        """When the post was last changed, as Material writes it (`date: {created, updated}`):
        search engines are told it."""
        if self.context.site.generator is Generator.MKDOCS:
            date = self.meta.get("date")
            written = date.get("updated") if isinstance(date, dict) else None
        else:
            _, written = self.take("lastmod", "last_modified_at", "updated")
        updated = parse_when(written, self.context.zone)
        if updated is None or updated.moment <= created.moment:
            return
        self.out.values["date"] = {"created": created.written, "updated": updated.written}
        self.changed(f"Its last change ({updated.written}) is kept as `updated:` under `date:`.")

    def _authors(self) -> None:
        self.used.update(("author", "authors"))
        people = self.context.people
        ids: list[str] = []
        for written in written_authors(self.meta):
            person, name = match_person(written, self.context.old_names, people)
            if person:
                if person not in ids:
                    ids.append(person)
                if person != written:
                    self.changed(f"Its author {name} is `{person}` in content/people.yml.")
                continue
            hint = suggestion(name, people)
            self.needs_you(f"Its author {name} is not in content/people.yml.{hint}"
                            f" Add {name} to that file (an id, `name:` and `role:`) and put the id "
                            "under `authors`, or choose another author.", "authors",
                            file_comment("unknown_author", self.context.lang, name=name))
        if not ids:
            ids = [sorted(people)[0]]
            if "authors" not in self.out.comments:
                self.needs_you("It had no author; every post here names one from "
                                "content/people.yml.", "authors",
                                file_comment("no_author", self.context.lang))
            else:
                self.out.comments["authors"] += file_comment(
                    "placeholder_author", self.context.lang, id=ids[0])
        self.out.values["authors"] = ids

    # -- events ------------------------------------------------------------
    # -- order, Material's settings, the picture ----------------------------------------
    def _order_and_kept(self) -> None:
        # The old menu's numbers mean nothing among ours: a page would jump to the front.
        key, order = self.take("weight", "nav_order", "order")
        if order is not None and "order" in self.fields:
            self.changed(f"Its place in the old site's menu (`{key}: {order}`) is left out; "
                         "set `order:` to give it a place in this site's menu.")
        audience = self.meta.get("audience")
        if audience in ("public", "internal"):
            self.used.add("audience")
            self.out.values["audience"] = audience
        if self.context.site.generator is Generator.MKDOCS:
            for key in MKDOCS_KEPT:
                if key not in self.meta or key in self.out.values:
                    continue
                self.used.add(key)
                if key in self.fields:  # the check may still refuse it: see writer.settle
                    self.out.values[key] = self.meta[key]
                else:
                    self.changed(f"Material's setting `{key}` is left out: this site does not "
                                  "support it yet.")

    def _image(self) -> None:
        key, value = self.take(*IMAGE_KEYS)
        _, alt = self.take(*ALT_KEYS)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            alt = alt or value.get("alt")
            value = next((value[k] for k in _PATH_KEYS if isinstance(value.get(k), str)), None)
        if not isinstance(value, str) or not value.strip():
            return
        src = value.strip()
        pictures_folder = self.context.shown_output(f"{PICTURE_FOLDER}/")
        parts = urlsplit(src)
        if parts.scheme and (parts.hostname or "").lower() not in self.context.site.hosts:
            self.needs_you(f"Its picture ({src}) comes from another website and is left out: "
                            f"this site loads nothing from other websites. Download it, put it "
                            f"in {pictures_folder} and add it with `image:` (`src:` and `alt:`).")
            return
        found = self.context.index.find_file(src, self.page)
        if found is None:
            self.needs_you(f"Its picture ({src}) was not found in the old site's folder, so it "
                            "is left out. Add it with `image:` (`src:` and `alt:`) if you have "
                            "it.")
            return
        placed = self.context.assets.place(found)
        relative = quote(posixpath.relpath(placed, posixpath.dirname(self.output)))
        if isinstance(alt, str) and alt.strip():
            self.out.values["image"] = {"src": relative, "alt": one_line(alt)}
            self.changed(f"Its picture ({key}) is copied to "
                          f"{self.context.shown_output(placed)} and shown at the top.")
            return
        self.out.waiting = ["image:", f"  src: {relative}",
                            f'  alt: "{file_comment("describe_picture", self.context.lang)}"']
        self.needs_you(f"Its picture is copied to {self.context.shown_output(placed)} but not "
                        "shown yet: it needs a description for readers who cannot see it. At the "
                        "end of the settings, remove the `# ` before the three `image` lines and "
                        "describe the picture after `alt:`.")

    # -- what only the old site understood ---------------------------------
    def _old_site_only(self) -> None:
        addresses = written_addresses(self.meta)
        self.used.update(_ADDRESS_KEYS)
        if addresses:
            self.needs_you("The old site had this page at " + ", ".join(addresses) + ". Those "
                            "addresses stop working after the move: ask whoever runs the web "
                            "server to forward them to the new address.")
        _, expiry = self.take(*EXPIRY_KEYS)
        ended = parse_when(expiry, self.context.zone)
        if ended and ended.moment <= self.context.now:
            self.needs_you(f"On the old site it disappeared by itself on {expiry}, so it was no "
                           "longer shown. Keep it a draft, or delete it, unless it should come "
                           "back.")
        elif expiry:
            self.needs_you(f"On the old site it disappeared by itself on {expiry}. That does "
                            "not happen here: remove it or make it a draft again by hand then.")
        key, translation = self.take(*_TRANSLATION_KEYS)
        if translation and key != "lang":
            self.needs_you("The old site linked it to a translation. Once both are imported, "
                            "link them with `counterpart:` (the path of the other language's "
                            "file).")
        self.used.update(_DRAFT_KEYS)
        if hidden_on_old_site(self.meta, self.page.rel.parts[0] == "_drafts"):
            self.changed("It was a draft on the old site too: the old site did not show it.")
        left = [str(k) for k in self.meta if str(k) not in self.used]
        if left:
            self.changed("Left out settings that mean nothing here: "
                          + ", ".join(f"`{k}`" for k in left) + ".")
