"""The declared front matter of every kind of content.

One pydantic model per kind, like the blog plugin's own post schema: the
schema is data, and `settings_problems` turns its errors into `path:line:`
problems in plain words. This is the one place that knows which settings
exist: ours, and the page and blog post settings of Material for MkDocs,
which pages written for another Material site bring along.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Kind(StrEnum):
    PAGE = "page"
    SERVICE = "service"
    EXPERTISE = "expertise"
    POST = "post"
    EVENT = "event"


class Audience(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


_DATE_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S")


def parse_local_datetime(value: Any) -> datetime:
    """A date or date-time; without a time zone it is Dutch time (Europe/Amsterdam)."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        text = value.strip()
        parsed = None
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                parsed = datetime.combine(date.fromisoformat(text), time())
            except ValueError:
                raise ValueError(
                    f"'{text}' is not a date that exists. Write it as year-month-day, "
                    "like 2026-03-14."
                ) from None
        else:
            for fmt in _DATE_FORMATS:
                try:
                    parsed = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            if parsed is None:
                try:
                    parsed = datetime.fromisoformat(text)
                except ValueError:
                    raise ValueError(
                        f"'{text}' is not a valid date. Write it as year-month-day, like "
                        "2026-03-14, or with a time, like 2026-03-14 13:30."
                    ) from None
    else:
        raise ValueError(
            f"expected a date like 2026-03-14 or 2026-03-14 13:30, found {value!r}."
        )
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=AMSTERDAM)
    return parsed


def _non_empty(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("is empty. Write some text after the colon.")
    return value


def _tag(value: str) -> str:
    return value.strip().lower()


def _email(value: str) -> str:
    """Pydantic's own check of `EmailStr`, loaded only when a person has an address: its
    module takes as long to load as a cached build spends on its changed page."""
    from pydantic.networks import validate_email

    return validate_email(value)[1]


LocalDateTime = Annotated[datetime, BeforeValidator(parse_local_datetime)]
Text = Annotated[str, AfterValidator(_non_empty)]
Tag = Annotated[str, AfterValidator(_tag), AfterValidator(_non_empty)]
Email = Annotated[str, AfterValidator(_email)]


class _Schema(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", strict=False, defer_build=True)


def _alt_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("is empty. Describe what the image shows, for readers who cannot see it.")
    return value


class Image(_Schema):
    src: Text
    alt: Annotated[str, AfterValidator(_alt_text)]


class HideElement(StrEnum):
    """The parts of a page Material's `hide:` setting can hide."""

    NAVIGATION = "navigation"
    TOC = "toc"
    FOOTER = "footer"
    PATH = "path"
    TAGS = "tags"
    FEEDBACK = "feedback"


def _a_list(value: Any) -> Any:
    """`hide: toc` means what `hide: [toc]` means."""
    return [value] if isinstance(value, str) else value


def _icon_name(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[a-z0-9-]+(/[a-z0-9_-]+)+", value):
        raise ValueError(f"'{value}' is not an icon name. Write it as Material does, a set and "
                         "a name, like `material/account-group`.")
    return value


def _identifier(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        raise ValueError(f"'{value}' is not a status name: use letters, digits, `-` and `_` "
                         "only, like `new`.")
    return value


def _template_file(value: str) -> str:
    value = value.strip()
    if not value.endswith(".html") or value.startswith("/") or ".." in value.split("/"):
        raise ValueError(f"'{value}' is not a template file. Write the name of an HTML "
                         "template of the theme, like `main.html`.")
    return value


class SearchSettings(_Schema):
    """Material's `search:` page setting."""

    exclude: bool = False
    boost: float | None = Field(default=None, gt=0)


class CommonMeta(_Schema):
    title: Text
    description: str | None = None
    tags: tuple[Tag, ...] = ()
    audience: Audience = Audience.PUBLIC
    image: Image | None = None
    counterpart: str | None = None
    draft: bool = False  # a draft shows in the preview only, marked
    # Material for MkDocs' page settings, handed to the page as Material reads them.
    hide: Annotated[tuple[HideElement, ...], BeforeValidator(_a_list)] = ()
    # A Material icon, like `material/handshake-outline`: on the item's cards, and (as in
    # Material) before its title in the menu.
    icon: Annotated[str, AfterValidator(_icon_name)] | None = None
    status: Annotated[str, AfterValidator(_identifier)] | None = None
    subtitle: str | None = None
    search: SearchSettings | None = None
    template: Annotated[str, AfterValidator(_template_file)] | None = None

    def material_settings(self) -> dict[str, Any]:
        """The Material page settings this item sets, in Material's own front matter form."""
        settings: dict[str, Any] = {}
        if self.hide:
            settings["hide"] = [element.value for element in self.hide]
        for key in ("icon", "status", "subtitle", "template"):
            if getattr(self, key):
                settings[key] = getattr(self, key)
        if self.search is not None:
            settings["search"] = self.search.model_dump(exclude_none=True)
        return settings


class PageMeta(CommonMeta):
    order: int | None = None
    footer: bool = False
    # Show the organisation's address, phone and email (from mkdocs.yml) at the top.
    organisation: bool = False


class HomeAction(_Schema):
    """A call to action on the home page: a button's words and where it leads."""

    text: Text
    link: Text


class Hero(_Schema):
    """The top of the home page: one sentence on what the organisation does."""

    title: str | None = None
    text: Text
    actions: tuple[HomeAction, ...] = Field(default=(), max_length=2)


HOME_BLOCKS = ("services", "news", "events", "newsletter", "network")
HomeBlock = Literal["services", "news", "events", "newsletter", "network"]


class HomeMeta(PageMeta):
    """The home page of a language (`index.md` in its folder): a page with a hero and the
    blocks it shows, in their order."""

    hero: Hero | None = None
    blocks: tuple[HomeBlock, ...] = HOME_BLOCKS


class ServiceMeta(CommonMeta):
    contact: Text
    order: int | None = None


class ExpertiseMeta(CommonMeta):
    contact: str | None = None
    order: int | None = None


def _created_or_dates(value: Any) -> Any:
    """Material's `date:` is one date (created) or `{created: ..., updated: ...}`."""
    return value if isinstance(value, dict) else {"created": value}


class PostDates(_Schema):
    created: LocalDateTime
    updated: LocalDateTime | None = None

    @model_validator(mode="after")
    def _updated_after_created(self) -> PostDates:
        if self.updated is not None and self.updated < self.created:
            raise ValueError("`updated` is earlier than `created`: a post is updated after it "
                             "was written.")
        return self


def _nav_entries(value: Any) -> Any:
    """Material's `links:` are written like `nav:` entries: `path.md`, `Title: path.md`,
    or `Section title:` with entries below it."""
    if not isinstance(value, list | tuple):
        return value
    entries: list[Any] = []
    for entry in value:
        if isinstance(entry, dict) and len(entry) == 1:
            title, target = next(iter(entry.items()))
            key = "links" if isinstance(target, list) else "target"
            entries.append({"title": title, key: target})
        elif isinstance(entry, str):
            entries.append({"target": entry})
        else:
            raise ValueError("each link is a path, like `- diensten/coaching.md`, or a title "
                             "and a path, like `- Coaching: diensten/coaching.md`.")
    return entries


class PostLink(_Schema):
    """One of a post's `links`: a page of this language (its path from the language folder,
    as in Material) or a web address; or a titled group of links."""

    title: str | None = None
    target: str | None = None
    links: Annotated[tuple[PostLink, ...], BeforeValidator(_nav_entries)] = ()

    @model_validator(mode="after")
    def _a_target_or_a_group(self) -> PostLink:
        if not self.target and not self.links:
            raise ValueError("a link needs a path, like `diensten/coaching.md`.")
        return self


class PostMeta(CommonMeta):
    dates: Annotated[PostDates, BeforeValidator(_created_or_dates)] = Field(alias="date")
    authors: tuple[Text, ...] = Field(min_length=1)
    categories: tuple[Text, ...] = ()
    slug: str | None = None
    # Material's blog post settings; the post and listing templates show them.
    readtime: int | None = Field(default=None, ge=1)  # minutes
    pin: bool = False
    links: Annotated[tuple[PostLink, ...], BeforeValidator(_nav_entries)] = ()

    @property
    def date(self) -> datetime:
        """When the post was written; a date in the future schedules it."""
        return self.dates.created

    @property
    def updated(self) -> datetime | None:
        return self.dates.updated


class EventMeta(CommonMeta):
    start: LocalDateTime
    end: LocalDateTime
    location: str | None = None
    online: bool = False
    signup: str | None = None
    contact: str | None = None

    @model_validator(mode="after")
    def _check_times_and_place(self) -> EventMeta:
        if self.end <= self.start:
            raise ValueError(
                "`end` must be later than `start`: the event ends before it begins."
            )
        if not self.location and not self.online:
            raise ValueError(
                "an event needs a place: add `location: ...` or `online: true` (or both)."
            )
        return self


SCHEMAS: dict[Kind, type[CommonMeta]] = {
    Kind.PAGE: PageMeta,
    Kind.SERVICE: ServiceMeta,
    Kind.EXPERTISE: ExpertiseMeta,
    Kind.POST: PostMeta,
    Kind.EVENT: EventMeta,
}


LocalizedText = str | dict[str, str]


class PersonMeta(_Schema):
    name: Text
    role: LocalizedText | None = None
    email: Email | None = None
    phone: str | None = None
    bio: LocalizedText | None = None
    avatar: str | None = None
