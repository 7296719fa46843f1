"""The declared front matter of every kind of content, and plain-words errors for it.

One pydantic model per kind, like the blog plugin's own post schema: the
schema is data, and the loader turns its errors into `path:line:` problems.
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
    EmailStr,
    Field,
    ValidationError,
    model_validator,
)

from .frontmatter import YamlDocument
from .problems import Problems, did_you_mean

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


LocalDateTime = Annotated[datetime, BeforeValidator(parse_local_datetime)]
Text = Annotated[str, AfterValidator(_non_empty)]
Tag = Annotated[str, AfterValidator(_tag), AfterValidator(_non_empty)]


class _Schema(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", strict=False)


def _alt_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("is empty. Describe what the image shows, for readers who cannot see it.")
    return value


class Image(_Schema):
    src: Text
    alt: Annotated[str, AfterValidator(_alt_text)]


class CommonMeta(_Schema):
    title: Text
    description: str | None = None
    # A Material icon shown on cards, like `material/handshake-outline`.
    icon: str | None = None
    tags: tuple[Tag, ...] = ()
    audience: Audience = Audience.PUBLIC
    image: Image | None = None
    counterpart: str | None = None


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


class PostMeta(CommonMeta):
    date: LocalDateTime
    authors: tuple[Text, ...] = Field(min_length=1)
    categories: tuple[Text, ...] = ()
    slug: str | None = None
    draft: bool = False


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
    email: EmailStr | None = None
    phone: str | None = None
    bio: LocalizedText | None = None
    avatar: str | None = None


_EXAMPLES = {
    "title": "title: Schuldhulp in de wijk",
    "contact": "contact: anouk-de-vries",
    "date": "date: 2026-03-14",
    "authors": "authors: [anouk-de-vries]",
    "start": "start: 2026-12-03 13:30",
    "end": "end: 2026-12-03 16:30",
    "name": "name: Anouk de Vries",
}


def _friendly(error: dict[str, Any], key: str) -> str:
    kind = error["type"]
    found = error.get("input")
    shown = f"`{key}`" if key else "this block"
    if kind == "missing":
        example = _EXAMPLES.get(key, f"{key}: ...")
        return f"{shown} is missing. Add a line like `{example}`."
    if kind in ("value_error", "assertion_error"):
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return message if not key else f"{shown}: {message}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"{shown} must be one of {expected}; found '{found}'."
    if kind == "too_long":
        limit = error.get("ctx", {}).get("max_length")
        return f"{shown} may have at most {limit}; there are {len(found or ())}."
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        hint = did_you_mean(str(found), [a.value for a in Audience])
        return f"{shown} must be one of {expected}; found '{found}'.{hint}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{shown} must be `true` or `false`; found '{found}'."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{shown} must be a whole number, like 10; found '{found}'."
    if kind in ("string_type",):
        return f"{shown} must be text; found {found!r}. Put the text between quotes if needed."
    if kind in ("list_type", "tuple_type"):
        return f"{shown} must be a list, like `[first, second]`; found {found!r}."
    if kind in ("too_short",):
        return f"{shown} must name at least one; the list is empty."
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (f"{shown} must have settings indented below it (like `src:` and `alt:`); "
                f"found {found!r}.")
    if kind == "value_error" or "email" in kind:
        return f"{shown}: {error['msg']}"
    return f"{shown}: {error['msg'].lower()}; found {found!r}."


def validate_meta(
    schema: type[_Schema], document: YamlDocument, path: str, problems: Problems
) -> Any | None:
    """Validate front matter against a schema: unknown keys, then every value error."""
    data = document.data
    known = set(schema.model_fields)
    for key in data:
        if str(key) in known:
            continue
        hint = did_you_mean(str(key), known)
        line = document.line_of(str(key))
        if hint:
            problems.error(path, line, f"unknown setting `{key}`.{hint}")
        else:
            problems.warning(
                path, line, f"unknown setting `{key}` is ignored. Known settings: "
                + ", ".join(sorted(known)) + "."
            )
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            dotted = ".".join(str(part) for part in error["loc"])
            key = dotted
            line = document.line_of(dotted, default=1)
            problems.error(path, line, _friendly(dict(error), key))
        return None
