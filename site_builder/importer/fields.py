"""An old page's settings turned into ours, one converter per setting, each saying in plain
words what it changed and what a person must still do."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from slugify import slugify

from ..schema import AMSTERDAM, SCHEMAS, Kind
from .addresses import written_addresses
from .authors import match_person, suggestion, written_authors
from .context import ImportContext, is_draft_kind
from .dates import When, parse_clock, parse_when
from .kinds import END_KEYS, PLACE_KEYS, START_KEYS
from .mkdocs_site import created_date
from .model import Generator, Note, SourcePage

# Where themes keep a page's picture, most common first; a dotted key is nested.
IMAGE_KEYS = ("image", "cover", "cover.image", "featured_image", "featuredImage",
              "feature_image", "header.image", "header.overlay_image", "header.teaser",
              "thumbnail", "thumb", "teaser", "banner", "hero", "images", "cover_image",
              "og_image", "social_image", "img")
ALT_KEYS = ("image_alt", "imageAlt", "alt", "image.alt", "cover.alt", "featured_image_alt",
            "header.image_alt", "header.image_description", "image_description", "cover.caption",
            "image.caption")
_PATH_KEYS = ("src", "path", "url", "file", "image", "feature", "filename")
SIGNUP_KEYS = ("signup", "sign_up", "registration", "registration_url", "registration_link",
               "register", "register_url", "rsvp", "tickets", "ticket_url", "aanmelden",
               "inschrijven", "event_url")
_ONLINE_WORDS = {"online", "zoom", "teams", "webinar", "virtual", "livestream", "online event"}
_TBA = {"nl": "Nog niet bekend", "en": "To be announced"}
# Our own settings, kept as they are when an MkDocs site had them (Material's page settings).
MKDOCS_KEPT = ("hide", "icon", "status", "search", "readtime", "pin", "order", "footer")
# Settings that mean something to a person but nothing here: each gets its own note.
_EXPIRY_KEYS = ("expiryDate", "expirydate", "expires", "unpublishdate")
_TRANSLATION_KEYS = ("translationKey", "translations", "lang", "language", "ref")
_ADDRESS_KEYS = ("permalink", "url", "aliases", "redirect_from")
_DRAFT_KEYS = ("draft", "published")


@dataclass
class Settings:
    """Our settings for one file, in the order they are written, with a comment above any
    value a person must look at, and commented-out lines for what is not ready yet."""

    values: dict[str, Any] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    waiting: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def _dig(meta: dict[str, Any], dotted: str) -> Any:
    value: Any = meta
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


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


def _one_line(value: Any) -> str:
    return re.sub(r"\s+", " ", str(value)).strip()


class FieldConverter:
    def __init__(self, context: ImportContext, page: SourcePage, kind: Kind, title: str) -> None:
        self.context = context
        self.page = page
        self.meta = page.meta
        self.kind = kind
        self.title = title
        self.used: set[str] = set()
        self.out = Settings()
        self.output = context.targets[page.rel.as_posix()].output
        self.fields = SCHEMAS[kind].model_fields

    # -- helpers -----------------------------------------------------------
    def _take(self, *keys: str) -> tuple[str, Any]:
        """The first of `keys` that has a value (marking all of them used)."""
        found: tuple[str, Any] = ("", None)
        for key in keys:
            self.used.add(key.split(".")[0])
            value = _dig(self.meta, key)
            if found[1] is None and value not in (None, "", [], {}):
                found = (key, value)
        return found

    def _changed(self, text: str) -> None:
        self.out.notes.append(Note(text))

    def _needs_you(self, text: str, key: str | None = None, comment: str | None = None) -> None:
        self.out.notes.append(Note(text, needs_you=True))
        if key and comment:
            self.out.comments[key] = comment

    # -- the settings --------------------------------------------------------
    def convert(self) -> Settings:
        self.used.update(("title",))
        self.out.values["title"] = self.title
        self._description()
        self._tags()
        if self.kind is Kind.POST:
            self._post()
        if self.kind is Kind.EVENT:
            self._event()
        self._order_and_kept()
        self._image()
        if is_draft_kind(self.kind):
            self.out.values["draft"] = True
            self.out.comments["draft"] = ("Imported from the old site: remove the line `draft: "
                                          "true` once this is checked and may be published.")
        self._old_site_only()
        return self.out

    def _description(self) -> None:
        key, value = self._take("description", "summary", "excerpt")
        if value is not None:
            self.out.values["description"] = _one_line(value)
            if key != "description":
                self._changed(f"Its `{key}` is now its `description` (the short text in "
                              "overviews, search results and the newsletter).")

    def _tags(self) -> None:
        jekyll = self.context.site.generator is Generator.JEKYLL
        _, tags = self._take("tags")
        words = _words(tags, jekyll)
        if isinstance(tags, str) and words:
            self._changed(f"The tags “{tags}” are now a list: {', '.join(words)}.")
        if self.kind is not Kind.POST:
            categories = self._categories()
            if categories:
                words += categories
                self._changed("Its categories (" + ", ".join(categories) + ") are added to its "
                              "topics (`tags`): here only news posts have categories.")
        if words:
            self.out.values["tags"] = _distinct(words)

    def _categories(self) -> list[str]:
        jekyll = self.context.site.generator is Generator.JEKYLL
        _, value = self._take("categories")
        _, single = self._take("category")
        words = _distinct(_words(value, jekyll) + _words(single, jekyll))
        if isinstance(value, str) and words:
            self._changed(f"The categories “{value}” are now a list: {', '.join(words)}.")
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
            self._changed(f"It keeps the last part of its old web address (`slug: {old_slug}`).")

    def _post_date(self) -> None:
        zone = self.context.zone
        if self.context.site.generator is Generator.MKDOCS:
            self.used.add("date")
            written = created_date(self.meta)
            key = "date"
        else:
            key, written = self._take("date", "publishDate", "pubDate", "lastmod")
        when = parse_when(written, zone)
        if when is None and self.page.name_date:
            when = parse_when(self.page.name_date)
            if written is None and when:
                self._changed(f"Its date {when.written} comes from its file name.")
        if when is None:
            moment = self.context.now.astimezone(AMSTERDAM)
            self.out.values["date"] = f"{moment:%Y-%m-%d %H:%M}"
            what = f"its date “{written}” could not be read" if written else "it had no date"
            self._needs_you(f"On the old site {what}; it now has today's date. Write the "
                            "date it was published after `date:`.", "date",
                            "The old site gave no date: write the date it was published.")
            return
        self.out.values["date"] = when.written
        if key not in ("date", "") or (when.had_zone and str(written) != when.written):
            self._changed(f"Its date “{written}” is written as {when.written} (Dutch time).")

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
                    self._changed(f"Its author {name} is `{person}` in content/people.yml.")
                continue
            hint = suggestion(name, people)
            self._needs_you(f"Its author {name} is not in content/people.yml.{hint}"
                            f" Add {name} to that file (an id, `name:` and `role:`) and put the id "
                            "under `authors`, or choose another author.", "authors",
                            f"On the old site the author was {name}: see the import report.")
        if not ids:
            ids = [sorted(people)[0]]
            if "authors" not in self.out.comments:
                self._needs_you("It had no author; every post here names one from "
                                "content/people.yml.", "authors",
                                "The old site named no author: choose one from "
                                "content/people.yml.")
            else:
                self.out.comments["authors"] += (f" For now it names {ids[0]}, so that the "
                                                 "file passes the check.")
        self.out.values["authors"] = ids

    # -- events ------------------------------------------------------------
    def _when(self, keys: tuple[str, ...], clock_keys: tuple[str, ...], day: When | None = None
              ) -> When | None:
        """A moment from a date setting and a separate time setting (`start_time: 10:00`);
        with only a time, on `day`."""
        _, value = self._take(*keys)
        when = parse_when(value, self.context.zone)
        _, clock = self._take(*clock_keys) if clock_keys else ("", None)
        hour_minute = parse_clock(clock)
        if when is None and day is not None and hour_minute:
            return day.with_time(*hour_minute)
        if when and not when.has_time and hour_minute:
            when = when.with_time(*hour_minute)
        return when

    def _event(self) -> None:
        start = self._when(START_KEYS, ("start_time", "startTime", "time"))
        if start is None:  # the plan made it an event by its folder: the date is the start
            start = self._when(("date",), ("start_time", "startTime", "time"))
        assert start is not None, "the plan turns events without a start into pages"
        end = self._when(END_KEYS, ("end_time", "endTime"), day=start)
        if not start.has_time:
            start = start.with_time(9)
            end = end or start
            end = end if end.has_time else end.with_time(17)
            self._needs_you("The old site gave only the day, no times: it now starts at 09:00 "
                            "and ends at 17:00. Write the right times after `start:` and "
                            "`end:`.", "start", "The old site gave no times: check them.")
        elif end is None or end.moment <= start.moment:
            end = When(start.moment + timedelta(hours=2), True, False, "")
            self._needs_you("The old site gave no (valid) end: it now ends two hours after it "
                            "starts. Write the right end after `end:`.", "end",
                            "The old site gave no end: check it.")
        elif not end.has_time:
            end = end.with_time(17)
        self.out.values["start"] = start.written
        self.out.values["end"] = end.written
        self._place()
        self._signup()
        self.used.add("date")

    def _place(self) -> None:
        _, value = self._take(*PLACE_KEYS)
        _, online = self._take("online", "virtual", "is_online")
        if isinstance(value, dict):
            value = ", ".join(_one_line(v) for v in value.values() if isinstance(v, str | int)
                              and str(v).strip())
        place = _one_line(value) if value else ""
        if place.casefold() in _ONLINE_WORDS or online is True:
            self.out.values["online"] = True
            if place.casefold() in _ONLINE_WORDS:
                self._changed(f"Its place “{place}” is now `online: true`.")
                return
        if place:
            self.out.values["location"] = place
        elif online is not True:
            self.out.values["location"] = _TBA[self.context.lang]
            self._needs_you(f"The old site gave no place: it now says “{_TBA[self.context.lang]}”"
                            ". Write the place after `location:`, or `online: true`.", "location",
                            "The old site gave no place: fill it in.")

    def _signup(self) -> None:
        key, value = self._take(*SIGNUP_KEYS)
        if value is None:
            return
        text = _one_line(value)
        if re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", text):
            text = "mailto:" + text
        parts = urlsplit(text)
        if parts.scheme in ("http", "https", "mailto"):
            self.out.values["signup"] = text
            if key != "signup":
                self._changed(f"Its `{key}` is now its sign-up link (`signup`).")
            if (parts.hostname or "").lower() in self.context.site.hosts:
                self._needs_you(f"Its sign-up link ({text}) is on the old site: make sure it "
                                "still works after the move, or change it.")
            return
        self._needs_you(f"Its sign-up link “{text}” is an address on the old site, so it is left "
                        "out. Write the web page or email address where readers sign up after "
                        "`signup:`.")

    # -- order, Material's settings, the picture ----------------------------------------
    def _order_and_kept(self) -> None:
        key, order = self._take("weight", "nav_order", "order")
        if "order" in self.fields and isinstance(order, int) and not isinstance(order, bool):
            self.out.values["order"] = order
            if key != "order":
                self._changed(f"Its `{key}` is now its place in the menu (`order`).")
        audience = self.meta.get("audience")
        if audience in ("public", "internal"):
            self.used.add("audience")
            self.out.values["audience"] = audience
        if self.context.site.generator is Generator.MKDOCS:
            for key in MKDOCS_KEPT:
                if key not in self.meta or key in self.out.values:
                    continue
                self.used.add(key)
                if key in self.fields:
                    self.out.values[key] = self.meta[key]
                else:
                    self._changed(f"Material's setting `{key}` is left out: this site does not "
                                  "support it yet.")

    def _image(self) -> None:
        key, value = self._take(*IMAGE_KEYS)
        _, alt = self._take(*ALT_KEYS)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            alt = alt or value.get("alt")
            value = next((value[k] for k in _PATH_KEYS if isinstance(value.get(k), str)), None)
        if not isinstance(value, str) or not value.strip():
            return
        src = value.strip()
        lang_label = self.context.shown_output(f"{self.context.lang}/images/")
        parts = urlsplit(src)
        if parts.scheme and (parts.hostname or "").lower() not in self.context.site.hosts:
            self._needs_you(f"Its picture ({src}) comes from another website and is left out: "
                            f"this site loads nothing from other websites. Download it, put it "
                            f"in {lang_label} and add it with `image:` (`src:` and `alt:`).")
            return
        found = self.context.index.find_file(src, self.page)
        if found is None:
            self._needs_you(f"Its picture ({src}) was not found in the old site's folder, so it "
                            "is left out. Add it with `image:` (`src:` and `alt:`) if you have "
                            "it.")
            return
        placed = self.context.assets.place(found)
        relative = quote(posixpath.relpath(placed, posixpath.dirname(self.output)))
        if isinstance(alt, str) and alt.strip():
            self.out.values["image"] = {"src": relative, "alt": _one_line(alt)}
            self._changed(f"Its picture ({key}) is copied to "
                          f"{self.context.shown_output(placed)} and shown at the top.")
            return
        self.out.waiting = ["image:", f"  src: {relative}",
                            '  alt: "Describe what the picture shows"']
        self._needs_you(f"Its picture is copied to {self.context.shown_output(placed)} but not "
                        "shown yet: it needs a description for readers who cannot see it. At the "
                        "end of the settings, remove the `# ` before the three `image` lines and "
                        "describe the picture after `alt:`.")

    # -- what only the old site understood ---------------------------------
    def _old_site_only(self) -> None:
        addresses = written_addresses(self.meta)
        self.used.update(_ADDRESS_KEYS)
        if addresses:
            self._needs_you("The old site had this page at " + ", ".join(addresses) + ". Those "
                            "addresses stop working after the move: ask whoever runs the web "
                            "server to forward them to the new address.")
        _, expiry = self._take(*_EXPIRY_KEYS)
        if expiry:
            self._needs_you(f"On the old site it disappeared by itself on {expiry}. That does "
                            "not happen here: remove or unpublish it by hand then.")
        key, translation = self._take(*_TRANSLATION_KEYS)
        if translation and key != "lang":
            self._needs_you("The old site linked it to a translation. Once both are imported, "
                            "link them with `counterpart:` (the path of the other language's "
                            "file).")
        self.used.update(_DRAFT_KEYS)
        if self.meta.get("draft") is True or self.meta.get("published") is False:
            self._changed("It was a draft on the old site too.")
        left = [str(k) for k in self.meta if str(k) not in self.used]
        if left:
            self._changed("Left out settings that mean nothing here: "
                          + ", ".join(f"`{k}`" for k in left) + ".")


def fallback_start(page: SourcePage, context: ImportContext) -> datetime | None:
    """The moment an event starts, for the plan's question "is this really an event?"."""
    for key in (*START_KEYS, "date"):
        when = parse_when(page.meta.get(key), context.zone)
        if when:
            return when.moment
    return None
